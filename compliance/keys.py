"""PII key rotation: re-encrypt every encrypted column under the first FERNET_KEYS entry.

Rotation runs column by column in primary-key order, one transaction per batch, and saves a
cursor in the cache after each batch, so an interrupted run resumes where it stopped. Tokens
already under the newest key are left alone, so a rerun is cheap and changes nothing.

django-fernet-fields caches its keys on each field instance (cached properties `keys`,
`fernet_keys`, `fernet`); `fernet_cache_clear` drops them, and it runs whenever FERNET_KEYS
changes through Django's `setting_changed` signal (tests) and at the start of every rotation.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.core.cache import cache
from django.db import connections, models, router, transaction
from fernet_fields import EncryptedField

log = logging.getLogger(__name__)
CACHED_ATTRS = ("keys", "fernet_keys", "fernet")
KEY_SETTINGS = {"FERNET_KEYS", "FERNET_USE_HKDF", "SECRET_KEY"}
CURSOR_TTL = 7 * 24 * 3600


@dataclass
class ColumnProgress:
    label: str  # app_label.Model.field
    total: int
    done: int = 0
    rotated: int = 0
    current: int = 0  # already under the newest key
    failed: int = 0  # no configured key decrypts the value (left untouched, reported)
    resumed: bool = False


def encrypted_columns() -> list[tuple[type[models.Model], EncryptedField]]:
    """Every (model, encrypted field) pair in the installed apps."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedField)
    ]


def fernet_cache_clear() -> None:
    """Forget the keys each encrypted field cached, so the current settings apply."""
    for _model, field in encrypted_columns():
        for name in CACHED_ATTRS:
            field.__dict__.pop(name, None)


def on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    """`setting_changed` receiver: key settings changed, drop the cached keys."""
    if setting in KEY_SETTINGS:
        fernet_cache_clear()


def _label(model: type[models.Model], field: EncryptedField) -> str:
    return f"{model._meta.label}.{field.name}"


def _cursor_key(label: str, field: EncryptedField) -> str:
    # Namespaced by a fingerprint of the target key: a rotation to a newer key starts afresh.
    fingerprint = hashlib.sha256(field.fernet_keys[0]).hexdigest()[:12]
    return f"pii-rotation:{fingerprint}:{label}"


def _sql(model: type[models.Model], field: EncryptedField, conn) -> dict[str, str]:
    qn = conn.ops.quote_name
    table, pk, col = qn(model._meta.db_table), qn(model._meta.pk.column), qn(field.column)
    return {
        "count": f"SELECT COUNT(*) FROM {table} WHERE {col} IS NOT NULL",  # noqa: S608
        "first": f"SELECT {pk}, {col} FROM {table} WHERE {col} IS NOT NULL "  # noqa: S608
        f"ORDER BY {pk} LIMIT %s",
        "next": f"SELECT {pk}, {col} FROM {table} WHERE {col} IS NOT NULL AND {pk} > %s "  # noqa: S608
        f"ORDER BY {pk} LIMIT %s",
        "update": f"UPDATE {table} SET {col} = %s WHERE {pk} = %s",  # noqa: S608
    }


def _rotate_batch(rows, *, primary: Fernet, every: MultiFernet, progress: ColumnProgress):
    updates = []
    for pk, raw in rows:
        token = bytes(raw)
        try:
            primary.decrypt(token)
            progress.current += 1
            continue
        except InvalidToken:
            pass
        try:
            updates.append((every.rotate(token), pk))
            progress.rotated += 1
        except InvalidToken:
            progress.failed += 1
            log.warning(
                "key rotation: %s pk=%s decrypts under no configured key", progress.label, pk
            )
    return updates


def column_rotate(
    model: type[models.Model], field: EncryptedField, *, batch_size: int, restart: bool = False
) -> Iterator[ColumnProgress]:
    """Re-encrypt one column batch by batch, yielding progress after each committed batch."""
    conn = connections[router.db_for_write(model)]
    sql = _sql(model, field, conn)
    label = _label(model, field)
    primary = Fernet(field.fernet_keys[0])
    every = MultiFernet([Fernet(k) for k in field.fernet_keys])
    key = _cursor_key(label, field)
    state = None if restart else cache.get(key)
    if state == "done":
        return
    with conn.cursor() as cur:
        cur.execute(sql["count"])
        progress = ColumnProgress(label=label, total=cur.fetchone()[0], resumed=state is not None)
    after = model._meta.pk.to_python(state["after"]) if state else None
    progress.done = state["done"] if state else 0
    while True:
        with transaction.atomic(using=conn.alias), conn.cursor() as cur:
            if after is None:
                cur.execute(sql["first"], [batch_size])
            else:
                cur.execute(sql["next"], [after, batch_size])
            rows = cur.fetchall()
            if not rows:
                break
            updates = _rotate_batch(rows, primary=primary, every=every, progress=progress)
            if updates:
                cur.executemany(sql["update"], [(conn.Database.Binary(t), pk) for t, pk in updates])
        after = rows[-1][0]
        progress.done += len(rows)
        cache.set(key, {"after": str(after), "done": progress.done}, CURSOR_TTL)
        yield progress
    cache.set(key, "done", CURSOR_TTL)
    yield progress


def keys_rotate(
    *,
    batch_size: int = 500,
    restart: bool = False,
    on_progress: Callable[[ColumnProgress], None] | None = None,
) -> list[ColumnProgress]:
    """Rotate every encrypted column; return the final progress of each."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    fernet_cache_clear()
    results = []
    for model, field in encrypted_columns():
        last = None
        for last in column_rotate(model, field, batch_size=batch_size, restart=restart):
            if on_progress:
                on_progress(last)
        if last is not None:
            results.append(last)
    log.info(
        "key rotation finished: %s",
        ", ".join(f"{p.label} rotated={p.rotated} failed={p.failed}" for p in results),
    )
    return results
