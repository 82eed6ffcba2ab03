"""Figures: rotate_pii_keys throughput and the plain-text PII scan rate (prints numbers).

Run against a scratch database:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch> .venv/bin/python bench/pii_keys.py 5000
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enterprisehub.settings")
django.setup()

from cryptography.fernet import Fernet  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402

from compliance.audit_scan import find_pii  # noqa: E402
from compliance.keys import keys_rotate  # noqa: E402
from compliance.models import ConsentRecord  # noqa: E402

LEAD = "11111111-2222-3333-4444-555555555555"


def main(rows: int) -> None:
    call_command("migrate", verbosity=0)
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FERNET_KEYS=[old]):
        ConsentRecord.objects.filter(source="bench").delete()
        ConsentRecord.objects.bulk_create(
            ConsentRecord(
                lead_id=LEAD, channel="sms", action="granted", source="bench", evidence=f"YES {i}"
            )
            for i in range(rows)
        )
    with override_settings(FERNET_KEYS=[new, old]):
        started = time.perf_counter()
        results = keys_rotate(batch_size=500, restart=True)
        elapsed = time.perf_counter() - started
    rotated = sum(p.rotated for p in results)
    print(f"rotate_pii_keys: {rotated} values in {elapsed:.2f}s = {rotated / elapsed:,.0f}/s")
    with override_settings(FERNET_KEYS=[new]):
        ConsentRecord.objects.filter(source="bench").delete()

    texts = ["relocating for work, wants 3 bed near 78704, budget $450,000"] * 2000
    texts += ["call my wife at 512-555-0177 or bob@example.com"] * 2000
    started = time.perf_counter()
    hits = sum(1 for t in texts if find_pii(t))
    elapsed = time.perf_counter() - started
    print(
        f"find_pii: {len(texts)} texts in {elapsed:.2f}s = {len(texts) / elapsed:,.0f}/s ({hits} hits)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
