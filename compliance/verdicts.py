"""The typed seam every compliance caller uses: verdicts, results and the Guard protocol.

Fair Housing answers ALLOW / REVIEW (hold the text, a person decides) / BLOCK (a clear
violation; a safe rewrite is offered when one exists). An inbound text answers OPT_OUT /
UNCLEAR / NONE / HELP / START with the channel it applies to. Both say which rules decided,
what they matched and who decided (the rules, or the LLM reviewer after them).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Protocol

from django.db import models


class FairHousingVerdict(models.TextChoices):
    ALLOW = "allow", "Allow"
    REVIEW = "review", "Hold for a person"
    BLOCK = "block", "Block"


class ConsentVerdict(models.TextChoices):
    """What an inbound text means for consent (replaces the old `Intent` enum)."""

    OPT_OUT = "opt_out", "Opt-out"
    UNCLEAR = "unclear", "Unclear: a person decides"
    NONE = "none", "Ordinary message"
    HELP = "help", "Help request"
    START = "start", "Opt back in"


class OptOutChannel(models.TextChoices):
    """Which contact an opt-out stops."""

    SMS = "sms", "Text messages"
    EMAIL = "email", "E-mail"
    ALL = "all", "Every channel"


class Reviewer(models.TextChoices):
    RULES = "rules", "Deterministic rules"
    LLM = "llm", "LLM reviewer"


# Severity order, for merging two opinions on one text.
_FH_RANK = {FairHousingVerdict.ALLOW: 0, FairHousingVerdict.REVIEW: 1, FairHousingVerdict.BLOCK: 2}


def stricter(a: str, b: str) -> str:
    """The stricter of two Fair Housing verdicts."""
    return a if _FH_RANK[FairHousingVerdict(a)] >= _FH_RANK[FairHousingVerdict(b)] else b


@dataclass(frozen=True)
class Span:
    """A matched piece of the original text and the rule that matched it."""

    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True)
class ReviewerCall:
    """One call to the LLM reviewer: what it cost, how long it took, and how it ended."""

    model: str
    outcome: str  # ok | timeout | error | unparsable | overloaded
    latency_ms: int
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: Decimal = Decimal("0")
    reason: str = ""


@dataclass(frozen=True)
class GuardResult:
    """The Fair Housing verdict on one text."""

    verdict: str = FairHousingVerdict.ALLOW
    categories: list[str] = field(default_factory=list)
    rule_ids: list[str] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    suggestion: str | None = None
    reviewer: str = Reviewer.RULES
    reason: str = ""
    call: ReviewerCall | None = None

    @property
    def violation(self) -> bool:
        """A clear violation: the text must not go out as written."""
        return self.verdict == FairHousingVerdict.BLOCK

    @property
    def held(self) -> bool:
        return self.verdict == FairHousingVerdict.REVIEW

    @property
    def severity(self) -> str:
        if self.verdict == FairHousingVerdict.BLOCK:
            return "critical"
        return "warning" if self.categories or self.held else "ok"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["verdict"] = str(self.verdict)
        data["reviewer"] = str(self.reviewer)
        data["severity"] = self.severity
        if self.call is not None:
            data["call"]["cost_usd"] = str(self.call.cost_usd)
        return data


@dataclass(frozen=True)
class ConsentResult:
    """What an inbound text means for consent, and which channel it applies to."""

    verdict: str = ConsentVerdict.NONE
    channel: str | None = None
    rule: str = ""
    spans: list[Span] = field(default_factory=list)
    reviewer: str = Reviewer.RULES
    call: ReviewerCall | None = None

    @property
    def stops_sms(self) -> bool:
        return self.verdict == ConsentVerdict.OPT_OUT and self.channel in (
            OptOutChannel.SMS,
            OptOutChannel.ALL,
        )

    @property
    def stops_email(self) -> bool:
        return self.verdict == ConsentVerdict.OPT_OUT and self.channel in (
            OptOutChannel.EMAIL,
            OptOutChannel.ALL,
        )


class Guard(Protocol):
    """A Fair Housing check: the rules alone, or the rules then the LLM reviewer."""

    def __call__(self, text: str, *, written_by_llm: bool = False) -> GuardResult: ...


class ConsentClassifier(Protocol):
    """An inbound-text classifier for consent (rules, then the LLM reviewer on UNCLEAR)."""

    def __call__(self, text: str, *, opted_out: bool = False) -> ConsentResult: ...
