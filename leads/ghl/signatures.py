"""Webhook authenticity over the raw body bytes: Ed25519 (X-GHL-Signature), RSA PKCS#1 v1.5
with SHA-256 (X-WH-Signature, legacy) and the workflow shared secret.

Keys come from settings as an SPKI PEM or just its base64 body (what GHL publishes); escaped
newlines ("\\n" in a .env line) are accepted too.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hmac
from collections.abc import Iterable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

PEM_HEADER = "-----BEGIN PUBLIC KEY-----"


class KeyFormatError(ValueError):
    """The configured key is not an SPKI PEM / base64 public key of the expected type."""


@functools.lru_cache(maxsize=8)
def load_public_key(text: str):
    """Parse an SPKI public key given as PEM or as the base64 body of one (cached)."""
    text = (text or "").strip().replace("\\n", "\n")
    if not text:
        raise KeyFormatError("no key configured")
    try:
        if PEM_HEADER in text or "-----BEGIN" in text:
            return serialization.load_pem_public_key(text.encode())
        der = base64.b64decode("".join(text.split()), validate=True)
        if len(der) == 32:  # a bare Ed25519 key (32 bytes) rather than SPKI
            return ed25519.Ed25519PublicKey.from_public_bytes(der)
        return serialization.load_der_public_key(der)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise KeyFormatError(f"unreadable public key ({type(exc).__name__})") from None


def _signature_bytes(signature: str) -> bytes | None:
    try:
        return base64.b64decode((signature or "").strip(), validate=True)
    except (ValueError, binascii.Error):
        return None


def _verify(key, kind: type, setting: str, body: bytes, signature: str, *args) -> bool:
    if not isinstance(key, kind):
        raise KeyFormatError(f"{setting} is not the expected kind of key")
    raw = _signature_bytes(signature)
    if raw is None:
        return False
    try:
        key.verify(raw, body, *args)
    except InvalidSignature:
        return False
    return True


def verify_ed25519(body: bytes, signature: str, key_text: str) -> bool:
    """True when `signature` (base64) is the Ed25519 signature of `body` under the key."""
    key = load_public_key(key_text)
    return _verify(key, ed25519.Ed25519PublicKey, "GHL_WEBHOOK_PUBLIC_KEY", body, signature)


def verify_rsa(body: bytes, signature: str, key_text: str) -> bool:
    """True when `signature` (base64) is an RSA PKCS#1 v1.5 SHA-256 signature of `body`."""
    key = load_public_key(key_text)
    return _verify(
        key,
        rsa.RSAPublicKey,
        "GHL_WEBHOOK_RSA_PUBLIC_KEY",
        body,
        signature,
        padding.PKCS1v15(),
        hashes.SHA256(),
    )


def verify_secret(provided: str, secrets: Iterable[str]) -> bool:
    """True when `provided` equals one of the configured secrets (constant-time compare)."""
    given = (provided or "").encode()
    matched = False
    for secret in secrets:
        if secret and hmac.compare_digest(given, secret.encode()):
            matched = True
    return matched
