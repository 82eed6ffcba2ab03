"""PII helpers: phone/email normalisation, blind indexes and the audit-log mask.

Encrypted columns cannot be searched, so every searchable PII value also gets a blind index:
HMAC-SHA256 of its normalised form under PII_HASH_KEY (a key separate from FERNET_KEYS).
"""

from __future__ import annotations

import hashlib
import hmac

import phonenumbers
from django.conf import settings

from enterprisehub.errors import ApplicationError

DEFAULT_REGION = "US"
AUDIT_MASK = "[encrypted]"


class PhoneFormatError(ApplicationError):
    code = "PHONE_FORMAT_ERROR"


class EmailFormatError(ApplicationError):
    code = "EMAIL_FORMAT_ERROR"


def normalize_phone(raw: str, *, region: str = DEFAULT_REGION) -> str:
    """Return `raw` in E.164 (+15125550100) or raise PhoneFormatError."""
    text = (raw or "").strip()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneFormatError("Phone number could not be parsed.", field="phone") from exc
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise PhoneFormatError("Phone number is not a valid number.", field="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str) -> str:
    """Return a trimmed, lower-cased email or raise EmailFormatError."""
    value = (raw or "").strip().lower()
    local, _, domain = value.partition("@")
    if not local or "." not in domain or " " in value:
        raise EmailFormatError("Email address is not valid.", field="email")
    return value


def blind_index(kind: str, normalized: str) -> str:
    """HMAC-SHA256 (hex) of an already-normalised value, namespaced by kind."""
    key = settings.PII_HASH_KEY.encode()
    return hmac.new(key, f"{kind}:{normalized}".encode(), hashlib.sha256).hexdigest()


def phone_hash(raw: str) -> str:
    """Blind index of a phone number in any common format."""
    return blind_index("phone", normalize_phone(raw))


def email_hash(raw: str) -> str:
    """Blind index of an email address."""
    return blind_index("email", normalize_email(raw))


def audit_mask(value: str) -> str:
    """auditlog mask: a constant, so the change is logged but no character of it leaks."""
    return AUDIT_MASK
