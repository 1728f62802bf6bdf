"""Passphrase-protected packets, for sending scores by e-mail.

A sealed packet wraps the bytes of an ordinary packet: scrypt derives a 256-bit key from the passphrase and a
random salt, and AES-256-GCM encrypts and authenticates the packet (``cryptography``; no home-made crypto).
The wrapper is plain JSON so it is recognisable; opening it gives back the exact packet bytes, which are then
checked like any other packet. A wrong passphrase and a tampered file look the same: GCM refuses both.
"""

from __future__ import annotations

import base64
import json
import os

from .errors import UserError

FORMAT = "interview-kit-sealed-packet"
VERSION = 1
#: scrypt cost: about 0.1 s and 32 MiB on a laptop; enough to make guessing a passphrase slow.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
#: The most a sealed packet may ask for: what we write. Anything bigger is refused before deriving a key.
MAX_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
#: Below this a seal is too cheap to guess slowly; nothing we ever wrote used less.
MIN_SCRYPT_N = 2**10
MIN_PASSPHRASE = 8


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def seal(packet_bytes: bytes, passphrase: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(f"use a passphrase of at least {MIN_PASSPHRASE} characters")
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {"format": FORMAT, "version": VERSION, "kdf": {"name": "scrypt", **SCRYPT,
                                                            "salt": base64.b64encode(salt).decode()},
              "cipher": "AES-256-GCM", "nonce": base64.b64encode(nonce).decode()}
    aad = json.dumps(header, sort_keys=True).encode()  # the header is authenticated too
    ciphertext = AESGCM(_key(passphrase, salt, **SCRYPT)).encrypt(nonce, packet_bytes, aad)
    return json.dumps({**header, "ciphertext": base64.b64encode(ciphertext).decode()}, indent=1).encode()


def is_sealed(raw: bytes) -> bool:
    head = raw[:200].lstrip()
    return head.startswith(b"{") and FORMAT.encode() in raw[:400]


def _small_int(text: str) -> int:
    if len(text) > 12:
        raise ValueError("number too large")
    return int(text)


def _header(raw: bytes) -> tuple[dict, bytes, bytes, bytes]:
    """(header, salt, nonce, ciphertext) of a sealed packet, or ValueError when it is not a sound one."""
    doc = json.loads(raw.decode("utf-8"), parse_int=_small_int, parse_constant=_reject)
    if not isinstance(doc, dict):
        raise ValueError("not an object")
    header = {k: doc[k] for k in ("format", "version", "kdf", "cipher", "nonce")}
    kdf = header["kdf"]
    if header["format"] != FORMAT or header["cipher"] != "AES-256-GCM" or not isinstance(kdf, dict) \
            or kdf.get("name") != "scrypt" or set(kdf) != {"name", "n", "r", "p", "salt"}:
        raise ValueError("unknown sealing")
    if header["version"].__class__ is not int:
        raise ValueError("no version")
    if header["version"] > VERSION:
        raise UserError("was sealed by a newer interview-kit; update interview-kit to open it")
    n, r, p = kdf["n"], kdf["r"], kdf["p"]
    if not all(x.__class__ is int for x in (n, r, p)):
        raise ValueError("scrypt parameters are not whole numbers")
    # Bounded work: only the cost we write ourselves (or less) is derived. A file that asks for more would
    # make us spend gigabytes and minutes before the passphrase is even checked.
    if not (MIN_SCRYPT_N <= n <= MAX_SCRYPT["n"] and n & (n - 1) == 0 and 1 <= r <= MAX_SCRYPT["r"]
            and 1 <= p <= MAX_SCRYPT["p"]):
        raise UserError(f"asks for more work to open (scrypt n={n}, r={r}, p={p}) than interview-kit ever uses "
                        f"(n up to {MAX_SCRYPT['n']}, r up to {MAX_SCRYPT['r']}, p up to {MAX_SCRYPT['p']}); "
                        "it was not sealed by interview-kit")
    salt = base64.b64decode(kdf["salt"], validate=True)
    nonce = base64.b64decode(header["nonce"], validate=True)
    ciphertext = base64.b64decode(doc["ciphertext"], validate=True)
    if len(salt) < 8 or len(nonce) != 12 or len(ciphertext) < 16:
        raise ValueError("salt, nonce or ciphertext of the wrong size")
    return header, salt, nonce, ciphertext


def _reject(name):
    raise ValueError(f"{name} is not a number")


def unseal(raw: bytes, passphrase: str) -> bytes:
    """The packet bytes inside a sealed packet; UserError for a damaged file, a wrong passphrase or a file that
    asks for more scrypt work than we ever write (refused before any key is derived)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        header, salt, nonce, ciphertext = _header(raw)
    except UserError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        # ValueError covers bad JSON, bad UTF-8 and bad base64
        raise UserError("is a damaged sealed packet") from None
    kdf = header["kdf"]
    aad = json.dumps(header, sort_keys=True).encode()
    try:
        return AESGCM(_key(passphrase, salt, kdf["n"], kdf["r"], kdf["p"])).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError):
        raise UserError("could not be opened: the passphrase is wrong, or the file was changed") from None
