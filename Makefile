# The two Quick-start commands are `make run` and `make test`; each sets up
# .venv by itself on a machine that has only python3 and pip.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   := demo-data
CATALOGS := $(wildcard locales/*/LC_MESSAGES/skapa.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test bench catalogs extract update-catalogs demo wheel clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

locales/%/LC_MESSAGES/skapa.mo: locales/%/LC_MESSAGES/skapa.po $(STAMP)
	$(BIN)/pybabel compile --domain skapa --input-file $< --output-file $@ --statistics

catalogs: $(COMPILED)

## Run the kiosk on a ready demo data folder (participant DEMO1, PIN 1234).
run: $(STAMP) catalogs
	$(BIN)/skapa demo --data $(DEMO)
	$(BIN)/skapa kiosk --data $(DEMO)

## The whole test suite.
test: $(STAMP) catalogs
	$(BIN)/python -m pytest

bench: $(STAMP) catalogs
	$(BIN)/python -m benchmarks

## Catalog upkeep: extract msgids from the code and the flows, merge into sv and da.
extract: $(STAMP)
	PYTHONPATH=. $(BIN)/pybabel extract --mapping-file babel.cfg --add-location=file --sort-output \
	    --project skapa --output-file locales/skapa.pot .

update-catalogs: extract
	$(BIN)/pybabel update --domain skapa --input-file locales/skapa.pot --output-dir locales --no-fuzzy-matching --ignore-obsolete

wheel: $(STAMP)
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .

clean:
	rm -rf $(VENV) dist build $(COMPILED)
