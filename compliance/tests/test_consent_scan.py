"""consent_scan: input formats, the JSON fields of the contract, exit codes."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def _scan(*args: str) -> tuple[list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("consent_scan", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_plain_and_json_lines_give_verdict_channel_and_rule(tmp_path):
    path = tmp_path / "inbound.txt"
    path.write_text(
        "STOP\n"
        "I can stop by at 5\n"
        '{"text": "unsubscribe me from the newsletter, texts are fine", "id": 4}\n'
        "\n"
        "Enough already\n"
        "HELP\n"
        "START\n",
        encoding="utf-8",
    )
    rows, err = _scan(str(path))
    assert rows == [
        {"text": "STOP", "verdict": "opt_out", "channel": "sms", "rule": "keyword"},
        {"text": "I can stop by at 5", "verdict": "none", "channel": None, "rule": ""},
        {
            "text": "unsubscribe me from the newsletter, texts are fine",
            "verdict": "opt_out",
            "channel": "email",
            "rule": "unsubscribe",
        },
        {"text": "Enough already", "verdict": "unclear", "channel": None, "rule": "bare_cessation"},
        {"text": "HELP", "verdict": "help", "channel": None, "rule": "help"},
        {"text": "START", "verdict": "start", "channel": "sms", "rule": "start"},
    ]
    assert err.strip() == (
        "classified 6 texts: 2 opt-out, 1 unclear, 1 none, 1 help, 1 start, 0 unreadable lines"
    )


def test_reads_stdin_and_yes_is_start_only_for_an_opted_out_lead(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Yes\n"))
    rows, _ = _scan("-")
    assert rows[0]["verdict"] == "none"
    monkeypatch.setattr(sys, "stdin", io.StringIO("Yes\n"))
    rows, _ = _scan("-", "--opted-out")
    assert rows[0]["verdict"] == "start"


def test_json_object_without_text_is_reported_and_exits_2(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"body": "stop"}\n{"text": "stop texting me"}\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("consent_scan", str(path), stdout=out, stderr=err)
    assert exc.value.returncode == 2
    assert 'line 1: JSON object without a "text" string' in err.getvalue()
    assert json.loads(out.getvalue())["verdict"] == "opt_out"


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("consent_scan", str(tmp_path / "nope.txt"), stdout=io.StringIO())
