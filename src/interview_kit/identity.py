"""This copy's signing key: an Ed25519 key pair that signs every packet the copy exports.

The private key lives in the user data folder (``signing-key.pem``, mode 0600), never in a workspace or a
packet; a packet carries only the public key. It is made when the user first gives their name (the app and
``Workspace.set_me`` call :func:`ensure_keypair`) or, at the latest, at the first export.

What a signature proves: which copy of interview-kit made the packet, and that nothing changed since. It does
not prove who sat at the keyboard of that copy. ``cryptography`` does the cryptography; nothing here is
home-made.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from . import files, paths
from .errors import UserError

KEY_FILE = "signing-key.pem"


def key_path() -> Path:
    return paths.data_dir() / KEY_FILE


def _load(path: Path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(path.read_bytes()[:10_000], password=None)
    except (OSError, ValueError, TypeError):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise UserError(f"your signing key {path} is damaged; move it aside and interview-kit makes a new one "
                        "(the lead then has to trust your new key once)")
    return key


def _create(path: Path) -> None:
    """Write a new key under a temporary name, then link it into place only if no key is there yet.

    Two processes making a key at once both end up using the one that landed first.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as e:
        raise UserError(f"could not make your signing key in {path.parent}: {e.strerror or e}") from None
    tmp = files.temp_beside(path)
    try:
        tmp.write_bytes(pem)
        files.place_new(tmp, path)  # never replaces a key another process just made: theirs is used
    except OSError as e:
        raise UserError(f"could not write your signing key {path}: {e.strerror or e}") from None
    finally:
        tmp.unlink(missing_ok=True)


def ensure_keypair():
    """This copy's private key, made (once) when missing."""
    path = key_path()
    if not path.exists():
        _create(path)
    return _load(path)


def has_keypair() -> bool:
    return key_path().exists()


def _raw_public(key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key() -> str:
    """This copy's public key, base64 of the raw 32 bytes (made when missing)."""
    return base64.b64encode(_raw_public(ensure_keypair())).decode("ascii")


def own_public_key_or_none() -> str | None:
    """This copy's public key if it has one already (never makes one)."""
    return public_key() if has_keypair() else None


def sign(data: bytes) -> tuple[str, str]:
    """(public key, signature), both base64, of ``data`` signed with this copy's key."""
    key = ensure_keypair()
    return (base64.b64encode(_raw_public(key)).decode("ascii"),
            base64.b64encode(key.sign(data)).decode("ascii"))


def decode_public_key(value) -> bytes | None:
    """The raw 32 bytes of a base64 public key, or None when it is not one."""
    if not isinstance(value, str) or len(value) != 44:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return raw if len(raw) == 32 else None


def verify(public_key_b64: str, signature_b64: str, data: bytes) -> bool:
    """True when ``signature_b64`` is the Ed25519 signature of ``data`` by ``public_key_b64``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    raw = decode_public_key(public_key_b64)
    if raw is None or not isinstance(signature_b64, str) or len(signature_b64) != 88:
        return False
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def fingerprint(public_key_b64: str) -> str:
    """A short, readable form of a public key to compare by eye or over the phone: ``ab12 cd34 ef56 7890``."""
    digest = hashlib.sha256(public_key_b64.encode("ascii", "replace")).hexdigest()[:16]
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))
