from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from properties.exceptions import CmaLinkInvalidError
from properties.services import CMA_SHARE_DAYS, cma_share_open, cma_share_token


def test_a_token_names_the_subject_the_day_and_the_agent():
    token = cma_share_token(params={"listing_key": "A-1"}, as_of=date(2026, 11, 2), agent_id=7)

    share = cma_share_open(token)

    assert (share.params, share.as_of, share.agent_id) == (
        {"listing_key": "A-1"},
        date(2026, 11, 2),
        7,
    )
    assert "/" not in token  # it goes in a URL path


def test_an_altered_or_expired_token_is_refused():
    token = cma_share_token(params={"listing_key": "A-1"}, as_of=date(2026, 11, 2), agent_id=7)
    later = timezone.now() + timedelta(days=CMA_SHARE_DAYS, minutes=1)

    with pytest.raises(CmaLinkInvalidError):
        cma_share_open(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    with time_machine.travel(later), pytest.raises(CmaLinkInvalidError):
        cma_share_open(token)
