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
#: scrypt cost: about 0.1 s on a laptop; enough to make guessing a passphrase slow.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
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


def unseal(raw: bytes, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        doc = json.loads(raw.decode("utf-8"))
        header = {k: doc[k] for k in ("format", "version", "kdf", "cipher", "nonce")}
        kdf = header["kdf"]
        if header["format"] != FORMAT or header["cipher"] != "AES-256-GCM" or kdf.get("name") != "scrypt":
            raise ValueError("unknown sealing")
        if header["version"] > VERSION:
            raise UserError("was sealed by a newer interview-kit; update interview-kit to open it")
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        if not (2**10 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError("unreasonable scrypt parameters")
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(header["nonce"], validate=True)
        ciphertext = base64.b64decode(doc["ciphertext"], validate=True)
    except UserError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        raise UserError("is a damaged sealed packet") from None
    aad = json.dumps(header, sort_keys=True).encode()
    try:
        return AESGCM(_key(passphrase, salt, n, r, p)).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError):
        raise UserError("could not be opened: the passphrase is wrong, or the file was changed") from None
