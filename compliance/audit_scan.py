"""The compliance audit: a registry of checks, each yielding findings, stored idempotently.

Checks over compliance's own data live here; checks that read leads and messages are
registered by bots (`bots.audit_checks`), since compliance may not import them. A finding is
keyed by (rule, object type, object id): a rerun never duplicates it, a finding a broker
resolved stays resolved, and for "stateful" rules (a condition that can stop being true, like an
overdue request) a finding no longer reported is resolved automatically.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import phonenumbers
from django.db import transaction
from django.utils import timezone

from compliance import dsr
from compliance.models import ConsentRecord, Finding

log = logging.getLogger(__name__)
Severity = Finding.Severity
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DIGIT_RE = re.compile(r"\d")


class CheckUnavailable(Exception):  # noqa: N818  (a state, not an error)
    """The check depends on a module that is not installed in this build."""


@dataclass(frozen=True)
class Candidate:
    """One problem found by a check; `detail` must never hold PII."""

    rule: str
    severity: str
    object_type: str
    object_id: str
    lead_id: uuid.UUID | None = None
    detail: dict[str, Any] = field(default_factory=dict)


CheckFunc = Callable[..., Iterable[Candidate]]  # (since=) -> candidates


@dataclass(frozen=True)
class Check:
    rule: str
    func: CheckFunc
    stateful: bool  # the condition can end; findings not reported again are auto-resolved


@dataclass
class AuditReport:
    findings: list[Finding] = field(default_factory=list)  # open findings seen in this run
    created: int = 0
    auto_resolved: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  # rule -> why it did not run

    @property
    def open_critical(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.CRITICAL)


_checks: dict[str, Check] = {}


def check(rule: str, *, stateful: bool = False) -> Callable[[CheckFunc], CheckFunc]:
    """Decorator: register `func(since=...)` as the check for `rule`."""

    def decorate(func: CheckFunc) -> CheckFunc:
        _checks[rule] = Check(rule=rule, func=func, stateful=stateful)
        return func

    return decorate


def registered_rules() -> list[str]:
    """Names of every registered check."""
    return sorted(_checks)


def find_pii(text: str) -> list[str]:
    """Which kinds of PII ("email", "phone") appear in `text` — never the values."""
    if not text:
        return []
    kinds = []
    if EMAIL_RE.search(text):
        kinds.append("email")
    if len(DIGIT_RE.findall(text)) >= 10:  # a US number has 10; the matcher is slow, skip it
        matcher = phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.VALID)
        if matcher.has_next():
            kinds.append("phone")
    return kinds


def sms_consent_first_granted(*, lead_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, datetime]:
    """Earliest SMS consent grant recorded for each of these leads."""
    granted = (ConsentRecord.Action.GRANTED, ConsentRecord.Action.REAFFIRMED)
    rows = ConsentRecord.objects.filter(
        lead_id__in=list(lead_ids), channel=ConsentRecord.Channel.SMS, action__in=granted
    ).order_by("at")
    first: dict[uuid.UUID, datetime] = {}
    for row in rows:
        first.setdefault(row.lead_id, row.at)
    return first


def _store(candidate: Candidate, *, now: datetime) -> tuple[Finding, bool]:
    finding, created = Finding.objects.get_or_create(
        rule=candidate.rule,
        object_type=candidate.object_type,
        object_id=candidate.object_id,
        defaults={
            "severity": candidate.severity,
            "lead_id": candidate.lead_id,
            "detail": candidate.detail,
        },
    )
    if not created and finding.resolved_at and finding.detail.get("auto_resolved"):
        finding.resolved_at = None  # the condition came back
        finding.detail = candidate.detail
        finding.save(update_fields=["resolved_at", "detail"])
    return finding, created


def _auto_resolve(rule: str, *, keep: set[tuple[str, str]], now: datetime) -> int:
    resolved = 0
    for finding in Finding.objects.filter(rule=rule, resolved_at__isnull=True):
        if (finding.object_type, finding.object_id) not in keep:
            finding.resolved_at = now
            finding.detail = {**finding.detail, "auto_resolved": True}
            finding.save(update_fields=["resolved_at", "detail"])
            resolved += 1
    return resolved


def _run_check(chk: Check, report: AuditReport, *, since: datetime | None, now: datetime):
    try:
        candidates = list(chk.func(since=since))
    except CheckUnavailable as exc:
        report.skipped[chk.rule] = str(exc)
        return
    seen: set[tuple[str, str]] = set()
    for candidate in candidates:
        finding, created = _store(candidate, now=now)
        seen.add((finding.object_type, finding.object_id))
        report.created += created
        if finding.resolved_at is None:
            report.findings.append(finding)
    if chk.stateful:
        report.auto_resolved += _auto_resolve(chk.rule, keep=seen, now=now)


def audit_run(*, since: datetime | None = None, rules: Iterable[str] | None = None) -> AuditReport:
    """Run the checks (all, or `rules`), store their findings, return what is open."""
    now = timezone.now()
    report = AuditReport()
    selected = [_checks[r] for r in (rules or registered_rules()) if r in _checks]
    for chk in selected:
        with transaction.atomic():
            _run_check(chk, report, since=since, now=now)
    log.info(
        "compliance audit: %d open (%d critical), %d new, %d auto-resolved, skipped=%s",
        len(report.findings),
        report.open_critical,
        report.created,
        report.auto_resolved,
        sorted(report.skipped),
    )
    return report


# --- checks over compliance's own records ---------------------------------------------------


@check("dsr_overdue", stateful=True)
def check_dsr_overdue(*, since: datetime | None = None) -> Iterable[Candidate]:
    """Open data-subject requests past their 45-day deadline."""
    for request in dsr.dsr_overdue():
        yield Candidate(
            rule="dsr_overdue",
            severity=Severity.CRITICAL,
            object_type="compliance.datasubjectrequest",
            object_id=str(request.pk),
            lead_id=request.lead_id,
            detail={"kind": request.kind, "due_at": request.due_at.isoformat()},
        )


@check("dsr_due_soon", stateful=True)
def check_dsr_due_soon(*, since: datetime | None = None) -> Iterable[Candidate]:
    """Open data-subject requests due within a week."""
    for request in dsr.dsr_due_soon():
        yield Candidate(
            rule="dsr_due_soon",
            severity=Severity.WARNING,
            object_type="compliance.datasubjectrequest",
            object_id=str(request.pk),
            lead_id=request.lead_id,
            detail={"kind": request.kind, "due_at": request.due_at.isoformat()},
        )


@check("unencrypted_pii_findings", stateful=True)
def check_pii_in_findings(*, since: datetime | None = None) -> Iterable[Candidate]:
    """Phone numbers or emails copied into finding details (stored in plain text)."""
    qs = Finding.objects.exclude(rule__startswith="unencrypted_pii")
    for finding in qs.only("pk", "detail", "lead_id").iterator():
        kinds = find_pii(str(finding.detail))
        if kinds:
            yield Candidate(
                rule="unencrypted_pii_findings",
                severity=Severity.WARNING,
                object_type="compliance.finding",
                object_id=str(finding.pk),
                lead_id=finding.lead_id,
                detail={"field": "detail", "kinds": kinds},
            )
