"""PIN and code rules, and how PINs are kept: salted scrypt, never in clear."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from skapa_tui.domain import participant as rules
from skapa_tui.domain.participant import InvalidCode, InvalidPin, check_pin, normalize_code
from skapa_tui.storage import StorageError, Store, pins

pytestmark = pytest.mark.real_secret_cost

# -- codes -------------------------------------------------------------------

@pytest.mark.parametrize("typed, stored", [
    (" ab-12 ", "AB-12"),
    ("åsa7", "ÅSA7"),
    ("A\u030aSA", "ÅSA"),  # a decomposed Å is the same code as a composed one
    ("øre-æ9", "ØRE-Æ9"),
    ("x1", "X1"),
    ("a" * 20, "A" * 20),
])
def test_codes_are_stripped_and_upper_cased(typed, stored):
    assert normalize_code(typed) == stored


@pytest.mark.parametrize("typed", ["", "   ", "A", "a" * 21, "AB_1", "AB 1", "-AB", "AB-", "ÜBER", "AB.1", "AB\n1"])
def test_bad_codes_are_refused_with_a_msgid(typed):
    with pytest.raises(InvalidCode) as caught:
        normalize_code(typed)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.render() == error.message.format(**error.fields)


def test_non_text_code_is_refused():
    with pytest.raises(InvalidCode):
        normalize_code(None)  # type: ignore[arg-type]


# -- PINs --------------------------------------------------------------------

@pytest.mark.parametrize("pin", ["1234", "12345678", " 0000 "])
def test_pins_of_four_to_eight_digits_pass(pin):
    assert check_pin(pin) == pin.strip()


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "١٢٣٤", "12 34", "-123"])
def test_bad_pins_are_refused_without_saying_the_pin(pin):
    with pytest.raises(InvalidPin) as caught:
        check_pin(pin)
    error = caught.value
    assert isinstance(error, rules.ParticipantRuleError)
    if pin.strip():
        assert pin not in str(error) and pin not in repr(error.fields)


# -- hashing -----------------------------------------------------------------

def test_hash_has_its_parameters_and_a_random_salt():
    first, second = pins.hash_pin("1234"), pins.hash_pin("1234")
    assert first != second
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(digest)) == 32
    assert "1234" not in first


def test_verify_accepts_only_the_right_pin():
    encoded = pins.hash_pin("4711")
    assert pins.verify_pin("4711", encoded)
    assert not pins.verify_pin("4712", encoded)
    assert not pins.verify_pin("4711", pins.DUMMY_HASH)


@pytest.mark.parametrize("encoded", [
    "", "1234", "bcrypt$1$2$3$AAAA$AAAA", "scrypt$16384$8$1$AAAA",
    "scrypt$12345$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,      # n not a power of two
    f"scrypt${2**24}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,   # n too large
    "scrypt$16384$8$1$!!!!$AAAA",
])
def test_malformed_hashes_are_refused(encoded):
    with pytest.raises(pins.BadPinHash):
        pins.verify_pin("1234", encoded)


def test_no_file_in_the_data_folder_holds_the_pin(tmp_path: Path):
    store = Store(tmp_path / "data")
    store.add_participant("AB12", "918273")
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file():
            assert b"918273" not in path.read_bytes(), path


def test_store_raises_pin_errors_that_are_also_storage_errors(tmp_path: Path):
    store = Store(tmp_path / "data")
    with pytest.raises(StorageError) as caught:
        store.add_participant("AB12", "12")
    assert isinstance(caught.value, InvalidPin) and isinstance(caught.value, ValueError)
    assert caught.value.fields == {"min": 4, "max": 8}
    with pytest.raises(InvalidCode):
        store.add_participant("A", "1234")
    assert store.participant_codes() == []


# -- logging in costs the same whether the code exists or not ----------------

@pytest.fixture
def scrypt_calls(monkeypatch):
    calls = []
    real = pins._scrypt

    def counting(*args, **kwargs):
        calls.append(args[2:])  # n, r, p, dklen: never the PIN
        return real(*args, **kwargs)

    monkeypatch.setattr(pins, "_scrypt", counting)
    return calls


@pytest.mark.parametrize("code, pin, expected", [
    ("ab12", "1234", "AB12"),   # right
    ("AB12", "9999", None),     # wrong PIN
    ("ZZ99", "1234", None),     # no such participant
    ("A", "1234", None),        # malformed code
    ("AB12", "12", None),       # malformed PIN
])
def test_check_login_does_one_slow_hash_every_time(tmp_path: Path, scrypt_calls, code, pin, expected):
    store = Store(tmp_path / "data")
    store.add_participant("AB12", "1234")
    scrypt_calls.clear()
    assert store.check_login(code, pin) == expected
    assert scrypt_calls == [(2**14, 8, 1, 32)]


def test_a_resting_code_costs_one_slow_hash_too(tmp_path: Path, scrypt_calls):
    from skapa_tui.storage import LoginResting
    from skapa_tui.storage.store import LOGIN_TRIES

    store = Store(tmp_path / "data")
    store.add_participant("AB12", "1234")
    for _ in range(LOGIN_TRIES):
        store.check_login("AB12", "9999")
    scrypt_calls.clear()
    with pytest.raises(LoginResting):
        store.check_login("AB12", "1234")
    assert scrypt_calls == [(2**14, 8, 1, 32)]


def test_a_hash_asking_for_too_much_memory_is_a_bad_hash_not_a_crash():
    import base64

    from skapa_tui.storage import pins

    salt = base64.b64encode(bytes(16)).decode()
    digest = base64.b64encode(bytes(32)).decode()
    for n, r in ((2 ** 20, 8), (2 ** 16, 32)):
        encoded = f"{pins.SCHEME}${n}${r}$1${salt}${digest}"
        with pytest.raises(pins.BadPinHash):
            pins.verify_pin("1234", encoded)
