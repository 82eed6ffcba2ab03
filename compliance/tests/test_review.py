"""The LLM reviewer through the real anthropic SDK, answered by a mock HTTP transport shaped like
the Messages API (tool_use blocks, usage, 529 overloaded_error, malformed tool input, timeout).

anthropic 2.x talks through httpx2 (its maintained httpx fork, same API) and refuses an
httpx.Client, so the mock transport is httpx2's MockTransport handed to the client."""

from __future__ import annotations

import json
from decimal import Decimal

import httpx2 as httpx
import pytest

from compliance import review
from compliance.models import ReviewerCall
from compliance.verdicts import ConsentVerdict, FairHousingVerdict, Reviewer

pytestmark = pytest.mark.django_db

# Rules say REVIEW (a class near the lead with no frame), so the reviewer is asked.
HELD_TEXT = "Congrats on your pregnancy! Want to see the 4-bedroom?"


@pytest.fixture(autouse=True)
def reviewer_on(settings):
    settings.ANTHROPIC_API_KEY = "sk-ant-test-key"
    settings.COMPLIANCE_REVIEW_MODEL = "claude-sonnet-4-5"
    settings.COMPLIANCE_REVIEW_TIMEOUT_S = 2.0


class FakeMessagesApi:
    """Answers POST /v1/messages like Anthropic does, and keeps the requests it saw."""

    def __init__(self, *, tool_input=None, status=200, error=None, content=None, raise_=None):
        self.tool_input, self.status, self.error = tool_input, status, error
        self.content, self.raise_ = content, raise_
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.raise_ is not None:
            raise self.raise_
        if self.error is not None:
            body = {"type": "error", "error": {"type": self.error, "message": "Overloaded"}}
            return httpx.Response(self.status, json=body, headers={"request-id": "req_err"})
        content = self.content or [
            {
                "type": "tool_use",
                "id": "toolu_01A09q90qw90lq917835lq9",
                "name": "record_verdict",
                "input": self.tool_input,
            }
        ]
        return httpx.Response(
            200,
            json={
                "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
                "type": "message",
                "role": "assistant",
                "model": "claude-sonnet-4-5",
                "content": content,
                "stop_reason": "tool_use",
                "stop_sequence": None,
                "usage": {"input_tokens": 812, "output_tokens": 64},
            },
            headers={"request-id": "req_011CV"},
        )

    def body(self) -> dict:
        return json.loads(self.requests[0].content)


def client_for(api: FakeMessagesApi):
    return review.reviewer_client(http_client=httpx.Client(transport=httpx.MockTransport(api)))


def test_a_held_text_is_allowed_by_the_reviewer_and_the_call_is_recorded():
    api = FakeMessagesApi(
        tool_input={"verdict": "allow", "categories": [], "reason": "A congrats."}
    )
    result = review.fair_housing_review(HELD_TEXT, client=client_for(api))
    assert (result.verdict, result.reviewer, result.reason) == (
        FairHousingVerdict.ALLOW,
        Reviewer.LLM,
        "A congrats.",
    )
    request = api.requests[0]
    assert (request.method, request.url.path) == ("POST", "/v1/messages")
    assert request.headers["authorization"] == "Bearer sk-ant-test-key"
    assert request.headers["x-stainless-retry-count"] == "0"
    assert float(request.headers["x-stainless-timeout"]) == 2.0  # the short timeout from settings
    body = api.body()
    assert body["model"] == "claude-sonnet-4-5"
    assert body["tool_choice"] == {"type": "tool", "name": "record_verdict"}
    assert body["tools"][0]["input_schema"]["properties"]["verdict"]["enum"] == [
        "allow",
        "review",
        "block",
    ]
    assert "Fair Housing Act" in body["system"]
    assert body["messages"] == [{"role": "user", "content": HELD_TEXT}]
    row = ReviewerCall.objects.get()
    assert (row.task, row.outcome, row.verdict, row.input_tokens, row.output_tokens) == (
        "fair_housing",
        "ok",
        "allow",
        812,
        64,
    )
    # Sonnet list price: $3 / MTok in, $15 / MTok out
    assert row.cost_usd == Decimal("0.003396") == result.call.cost_usd
    assert row.model == "claude-sonnet-4-5" and row.prompt_version == review.PROMPT_VERSION


def test_the_reviewer_can_block_with_its_categories():
    api = FakeMessagesApi(
        tool_input={"verdict": "block", "categories": ["familial_status"], "reason": "Pregnancy."}
    )
    result = review.fair_housing_review(HELD_TEXT, client=client_for(api))
    assert (result.verdict, result.categories) == (FairHousingVerdict.BLOCK, ["familial_status"])


def test_the_reviewer_can_keep_it_for_a_person():
    api = FakeMessagesApi(tool_input={"verdict": "review", "categories": [], "reason": "Unsure."})
    result = review.fair_housing_review(HELD_TEXT, client=client_for(api))
    assert result.verdict == FairHousingVerdict.REVIEW
    assert result.reviewer == Reviewer.LLM


@pytest.mark.parametrize(
    ("api", "outcome"),
    [
        (FakeMessagesApi(status=529, error="overloaded_error"), "overloaded"),
        (FakeMessagesApi(status=500, error="api_error"), "error"),
        (FakeMessagesApi(raise_=httpx.ReadTimeout("timed out")), "timeout"),
        (FakeMessagesApi(tool_input={"verdict": "maybe", "categories": []}), "unparsable"),
        (FakeMessagesApi(tool_input={"categories": "race"}), "unparsable"),
        (FakeMessagesApi(content=[{"type": "text", "text": "It looks fine to me."}]), "unparsable"),
    ],
    ids=["529", "500", "timeout", "verdict-outside-schema", "no-verdict", "no-tool-use"],
)
def test_it_fails_closed_review_on_any_failure(api, outcome):
    result = review.fair_housing_review(HELD_TEXT, client=client_for(api))
    assert result.verdict == FairHousingVerdict.REVIEW
    assert result.call.outcome == outcome
    assert "held: the reviewer failed" in result.reason
    assert len(api.requests) == 1  # no retries: the held text waits for a person instead
    assert ReviewerCall.objects.get().outcome == outcome


def test_ai_written_text_the_rules_allow_is_read_too_and_can_only_get_stricter():
    api = FakeMessagesApi(
        tool_input={"verdict": "block", "categories": ["steering"], "reason": "Steering."}
    )
    result = review.fair_housing_review(
        "Honestly the folks up north are more your speed.",
        written_by_llm=True,
        client=client_for(api),
    )
    assert (result.verdict, result.categories) == (FairHousingVerdict.BLOCK, ["steering"])


def test_no_call_for_a_rules_block_or_a_person_s_allowed_text():
    api = FakeMessagesApi(tool_input={"verdict": "allow", "categories": [], "reason": ""})
    blocked = review.fair_housing_review(
        "No kids allowed.", written_by_llm=True, client=client_for(api)
    )
    plain = review.fair_housing_review("Showings on Saturday.", client=client_for(api))
    assert (blocked.verdict, plain.verdict) == (FairHousingVerdict.BLOCK, FairHousingVerdict.ALLOW)
    assert api.requests == [] and not ReviewerCall.objects.exists()


def test_without_an_api_key_the_rules_decide_alone(settings):
    settings.ANTHROPIC_API_KEY = ""
    api = FakeMessagesApi(tool_input={"verdict": "allow", "categories": [], "reason": ""})
    result = review.fair_housing_review(HELD_TEXT, client=client_for(api))
    assert (result.verdict, result.reviewer) == (FairHousingVerdict.REVIEW, Reviewer.RULES)
    assert api.requests == []


def test_an_unclear_opt_out_is_decided_by_the_reviewer_with_its_channel():
    api = FakeMessagesApi(
        tool_input={"verdict": "opt_out", "channel": "email", "reason": "E-mail only."}
    )
    result = review.consent_review("Enough already", client=client_for(api))
    assert (result.verdict, result.channel, result.reviewer) == (
        ConsentVerdict.OPT_OUT,
        "email",
        Reviewer.LLM,
    )
    assert result.rule == "llm:bare_cessation"
    assert "FCC 24-18" in api.body()["system"]
    assert ReviewerCall.objects.get().task == "opt_out"


@pytest.mark.parametrize(
    "api",
    [
        FakeMessagesApi(status=529, error="overloaded_error"),
        FakeMessagesApi(raise_=httpx.ConnectTimeout("timed out")),
        FakeMessagesApi(tool_input={"verdict": "stop", "channel": "sms"}),
    ],
    ids=["529", "timeout", "malformed"],
)
def test_an_unclear_opt_out_stays_unclear_when_the_reviewer_fails(api):
    result = review.consent_review("Enough already", client=client_for(api))
    assert (result.verdict, result.channel) == (ConsentVerdict.UNCLEAR, None)
    assert result.call is not None and result.call.outcome != "ok"


def test_a_clear_opt_out_never_waits_for_the_reviewer():
    api = FakeMessagesApi(tool_input={"verdict": "none", "channel": "none", "reason": ""})
    result = review.consent_review("STOP", client=client_for(api))
    assert (result.verdict, result.reviewer) == (ConsentVerdict.OPT_OUT, Reviewer.RULES)
    assert api.requests == []
