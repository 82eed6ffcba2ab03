"""The search indexes exist on both databases the product runs on, after every migration."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SEARCH_INDEXES = {
    "prop_ucity_status_price",  # city (0003)
    "prop_postal_status_price",  # ZIP (0005)
    "prop_status_listed",  # newest (0002)
    "prop_status_price",
    "prop_status_ppsf",
    "prop_type_closed",  # CMA
}


@pytest.mark.django_db
def test_postgresql_has_every_search_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'properties_property'")
        names = {row[0] for row in cursor.fetchall()}

    assert names >= SEARCH_INDEXES


def test_sqlite_keeps_the_sql_made_indexes_through_table_rebuilds(tmp_path):
    db = tmp_path / "demo.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("ENTERPRISEHUB_TESTING", None)
    env.update(DATABASE_URL=f"sqlite:///{db}", DJANGO_SETTINGS_MODULE="enterprisehub.settings")

    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
        names = {row[0] for row in conn.execute(query)}
    assert names >= SEARCH_INDEXES
