"""Throw-away development secrets, generated once and kept in a git-ignored file.

Kept on disk (not regenerated per process) so data encrypted yesterday still decrypts today.
Production never calls this: settings refuse to start without real secrets.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet


def _generate(name: str) -> str:
    if name == "FERNET_KEYS":
        return Fernet.generate_key().decode()
    return secrets.token_urlsafe(50)


def load_or_create(path: Path, *, names: tuple[str, ...]) -> dict[str, str]:
    """Return development values for `names`, creating and saving any that are missing."""
    try:
        values = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        values = {}
    missing = [n for n in names if not values.get(n)]
    if missing:
        values.update({n: _generate(n) for n in missing})
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                json.dump(values, fh)
            where = str(path)
        except OSError:
            where = "memory only (could not write the key file)"
        print(
            f"enterprisehub: generated development keys {', '.join(missing)} in {where}; "
            "fine for a demo, never for production",
            file=sys.stderr,
        )
    return values
