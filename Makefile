# skapa: the two Quick-start commands are `make run` and `make test`. Each
# sets up .venv by itself on a machine that has only python3 and pip.
# Plain POSIX make: no pattern rules, no GNU functions.

PYTHON = python3
VENV = .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed
DEMO = demo-data

.PHONY: run desk test bench soak catalogs extract update-catalogs wheel clean

# The venv, with skapa installed editable and the test tools. Where the
# system python has no ensurepip (Debian without python3-venv), the venv is
# made without pip and the system's pip installs pip into it.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV) && $(PYTHON) -m venv --without-pip $(VENV) \
	    && $(PYTHON) -m pip --python $(BIN)/python install --quiet pip; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Run the kiosk on a demo data folder (participant DEMO1, PIN 1234); ctrl+q quits it.
run: $(STAMP) catalogs
	$(BIN)/skapa demo --data $(DEMO)
	$(BIN)/skapa kiosk --data $(DEMO) --allow-quit

## Run the supervisor's desk on the demo data folder (supervisor demo, passphrase demo-passphrase).
desk: $(STAMP) catalogs
	$(BIN)/skapa demo --data $(DEMO)
	$(BIN)/skapa supervisor --data $(DEMO)

## The gates, then the whole test suite (the wheel test included): ruff, mypy, the
## import contracts (lint-imports), then pytest as tools/run_tests.py says: the
## terminal and browser tests in their lanes beside the rest in JOBS workers.
JOBS = 6
test: $(STAMP) catalogs
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m tools.run_tests --jobs $(JOBS)

## Start-up time of the kiosk against a minimal Textual app, and the others.
bench: $(STAMP) catalogs
	$(BIN)/python -m benchmarks

## The reliability soak (a few minutes; not part of `make test`): processes at once on a
## BIP-scale folder, kinds of damage, a full disk, odd command lines, random keys, memory.
soak: $(STAMP) catalogs
	$(BIN)/python -m tools.soak

## Compile the catalogs (locales/*/LC_MESSAGES/skapa.po -> .mo); fails on a broken one.
catalogs: $(STAMP)
	for po in locales/*/LC_MESSAGES/skapa.po; do \
	    $(BIN)/pybabel compile --domain skapa --input-file "$$po" \
	        --output-file "$${po%.po}.mo" || exit 1; \
	done

## Catalog upkeep: extract msgids from the code and the flows into locales/skapa.pot ...
extract: $(STAMP)
	PYTHONPATH=. $(BIN)/pybabel extract --mapping-file babel.cfg --keywords NC_:1c,2 --add-location=file \
	    --sort-output --project skapa --output-file locales/skapa.pot .

## ... and merge them into every language's catalog; then translate the new entries.
update-catalogs: extract
	$(BIN)/pybabel update --domain skapa --input-file locales/skapa.pot --output-dir locales \
	    --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date

wheel: $(STAMP)
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .

clean:
	rm -rf $(VENV) dist build locales/*/LC_MESSAGES/skapa.mo
