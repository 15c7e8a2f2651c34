"""Secret hashing (PINs and passphrases): salted scrypt, stored with its
parameters, never the secret.

Encoded form: ``scrypt$<n>$<r>$<p>$<salt base64>$<hash base64>`` with
n=2**14, r=8, p=1, a 16-byte random salt and a 32-byte hash. Comparison uses
``hmac.compare_digest``. ``verify_pin`` against ``DUMMY_HASH`` costs the same
as against a real one, so a login for a code that does not exist takes as
long as one for a code that does. Supervisors' passphrases use the same
scheme and cost (`hash_secret`, `verify_secret`); ``hash_pin`` and
``verify_pin`` are the same functions under the PIN's name.
"""

from __future__ import annotations

import base64
import binascii
import os

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
_MAXMEM = 64 * 1024 * 1024
# Bounds on parameters read back from a file, so a tampered file cannot make
# a login take minutes or gigabytes.
_MAX_N, _MAX_R, _MAX_P = 2**20, 32, 16


class BadPinHash(ValueError):
    """The stored hash is not in the expected form (the file is damaged)."""


BadHash = BadPinHash


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    import hashlib  # at the first login, not at start-up

    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=_MAXMEM)


def hash_secret(secret: str) -> str:
    """A new salted hash of ``secret`` (a PIN or a passphrase) in the encoded form."""
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(secret, salt, N, R, P, HASH_BYTES)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def parse_hash(encoded: str) -> tuple[int, int, int, bytes, bytes]:
    """(n, r, p, salt, hash) from the encoded form; BadPinHash if it is not one."""
    if not isinstance(encoded, str):
        raise BadPinHash("not a string")
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise BadPinHash("not an scrypt hash")
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error) as exc:
        raise BadPinHash(str(exc)) from exc
    if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        raise BadPinHash("parameters out of range")
    if 128 * r * (n + p + 2) > _MAXMEM:  # what scrypt would refuse with a ValueError
        raise BadPinHash("parameters need more memory than allowed")
    if len(salt) < 8 or not 16 <= len(digest) <= 64:
        raise BadPinHash("salt or hash of the wrong length")
    return n, r, p, salt, digest


def verify_secret(secret: str, encoded: str) -> bool:
    """True when ``secret`` matches ``encoded``; always one full scrypt computation."""
    n, r, p, salt, digest = parse_hash(encoded)
    candidate = _scrypt(secret, salt, n, r, p, len(digest))
    import hmac

    return hmac.compare_digest(candidate, digest)


hash_pin = hash_secret
verify_pin = verify_secret

DUMMY_HASH = f"{SCHEME}${N}${R}${P}${_b64(bytes(SALT_BYTES))}${_b64(bytes(HASH_BYTES))}"
"""A well-formed hash no secret matches in practice; used to spend the same work on a miss."""
