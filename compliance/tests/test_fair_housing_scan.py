"""fair_housing_scan: input formats, output format, exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]


def _scan(*args: str) -> tuple[list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("fair_housing_scan", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_plain_and_json_lines_are_detected_per_line(tmp_path):
    path = tmp_path / "texts.txt"
    path.write_text(
        "Perfect for a young couple.\n"
        '{"text": "Spacious family room", "id": 7}\n'
        "\n"
        "{curly braces in a plain sentence}\n",
        encoding="utf-8",
    )
    rows, err = _scan(str(path))
    assert rows == [
        {
            "text": "Perfect for a young couple.",
            "verdict": "block",
            "violation": True,
            "categories": ["familial_status"],
            "matches": ["Perfect for a young couple"],
        },
        {
            "text": "Spacious family room",
            "verdict": "allow",
            "violation": False,
            "categories": [],
            "matches": [],
        },
        {
            "text": "{curly braces in a plain sentence}",
            "verdict": "allow",
            "violation": False,
            "categories": [],
            "matches": [],
        },
    ]
    assert err.strip() == (
        "scanned 3 texts: 1 blocked, 0 held for review, 2 allowed (0 with warnings), "
        "0 unreadable lines"
    )


def test_reads_stdin_with_dash(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("No Section 8.\nquiet street\n"))
    rows, _ = _scan("-")
    assert [(r["verdict"], r["violation"], r["categories"]) for r in rows] == [
        ("allow", False, ["source_of_income"]),
        ("allow", False, []),
    ]


def test_fail_on_violation_exits_1_after_printing_everything(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Adults only.\nwalk-in closet\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("fair_housing_scan", str(path), "--fail-on-violation", stdout=out)
    assert exc.value.returncode == 1
    assert len(out.getvalue().splitlines()) == 2


def test_without_the_flag_violations_do_not_fail(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Adults only.\n", encoding="utf-8")
    rows, _ = _scan(str(path))
    assert rows[0]["violation"] is True


def test_json_object_without_text_is_reported_and_exits_2(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"body": "no text field"}\n{"text": "Adults only"}\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("fair_housing_scan", str(path), stdout=out, stderr=err)
    assert exc.value.returncode == 2
    assert 'line 1: JSON object without a "text" string' in err.getvalue()
    assert json.loads(out.getvalue())["text"] == "Adults only"


def test_missing_file_is_a_one_line_error_and_non_zero_exit(tmp_path):
    env = {**os.environ, "ENTERPRISEHUB_TESTING": "1"}
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "fair_housing_scan", str(tmp_path / "missing.txt")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    errors = [line for line in proc.stderr.splitlines() if line.startswith("CommandError")]
    assert errors == [f"CommandError: file not found: {tmp_path / 'missing.txt'}"]


def test_a_held_text_is_review_and_fails_only_with_fail_on_review(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Congrats on your pregnancy! Want to see the 4-bedroom?\n", encoding="utf-8")
    rows, err = _scan(str(path), "--fail-on-violation")
    assert (rows[0]["verdict"], rows[0]["violation"]) == ("review", False)
    assert "1 held for review" in err
    with pytest.raises(CommandError) as exc:
        call_command("fair_housing_scan", str(path), "--fail-on-review", stdout=io.StringIO())
    assert exc.value.returncode == 1
