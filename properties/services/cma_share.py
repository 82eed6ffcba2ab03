"""Links to a CMA report that an agent (or the seller bot) sends a client: signed, expiring,
and naming the day the CMA was run, so the client sees that day's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core import signing

from properties.exceptions import CmaLinkInvalidError

SALT = "properties.cma-share"
DAYS = 30


@dataclass(frozen=True)
class CmaShare:
    params: dict[str, str]  # the CMA subject, as the report form takes it
    as_of: date  # comparables sold up to this day
    agent_id: int | None  # who sent it


def cma_share_token(*, params: dict[str, str], as_of: date, agent_id: int | None) -> str:
    """A token for the report link (URL-safe, valid DAYS days)."""
    payload = {"q": params, "d": as_of.isoformat(), "by": agent_id}
    return signing.dumps(payload, salt=SALT, compress=True)


def cma_share_open(token: str) -> CmaShare:
    """What a link's token names, or CmaLinkInvalidError when it was altered or has expired."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=DAYS * 86400)
        return CmaShare(
            params={str(k): str(v) for k, v in payload["q"].items()},
            as_of=date.fromisoformat(payload["d"]),
            agent_id=payload.get("by"),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CmaLinkInvalidError("this report link was altered or has expired") from exc
