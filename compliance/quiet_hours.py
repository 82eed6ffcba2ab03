"""Send windows for texts in the recipient's local time: Texas SB 140 or the federal TCPA.

Texas numbers: 9:00-21:00 Monday to Saturday, 12:00-21:00 Sunday (Tex. Bus. & Com. Code ch. 302
as amended by SB 140, 2025). Elsewhere: 8:00-21:00 every day (47 CFR 64.1200(c)(1)). A text
outside its window is delayed to the next opening, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
from django.conf import settings
from phonenumbers import timezone as phone_timezone

_TEXAS = (
    "210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915 "
    "936 940 945 956 972 979"
)
TEXAS_AREA_CODES = frozenset(_TEXAS.split())
SUNDAY = 6
CLOSE = time(21, 0)
# A number mapped to more zones than this is non-geographic (toll-free, etc.): use the default.
MAX_CANDIDATE_ZONES = 3


@dataclass(frozen=True)
class Window:
    """Opening hours on one local date: [opens, closes)."""

    opens: time
    closes: time


def _parse(phone: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(phone or "", "US")
    except phonenumbers.NumberParseException:
        return None


def is_texas_number(phone: str) -> bool:
    """True for a North American number with a Texas area code."""
    number = _parse(phone)
    if number is None or number.country_code != 1:
        return False
    return str(number.national_number)[:3] in TEXAS_AREA_CODES


def recipient_time_zones(phone: str) -> list[ZoneInfo]:
    """Candidate time zones of the phone's area code, or the default zone when unknown."""
    number = _parse(phone)
    names: tuple[str, ...] = ()
    if number is not None:
        names = tuple(n for n in phone_timezone.time_zones_for_number(number) if n != "Etc/Unknown")
    if not names or len(names) > MAX_CANDIDATE_ZONES:
        names = (settings.DEFAULT_TIME_ZONE,)
    return [ZoneInfo(name) for name in names]


def window_for(*, texas: bool, day: date) -> Window:
    """The legal window on a local calendar day."""
    if not texas:
        return Window(time(8, 0), CLOSE)
    if day.weekday() == SUNDAY:
        return Window(time(12, 0), CLOSE)
    return Window(time(9, 0), CLOSE)


def _next_open_in_zone(zone: ZoneInfo, *, texas: bool, moment: datetime) -> datetime:
    """`moment` if it is inside the window in `zone`, else the next opening there."""
    local = moment.astimezone(zone)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        window = window_for(texas=texas, day=day)
        opens = datetime.combine(day, window.opens, tzinfo=zone)
        closes = datetime.combine(day, window.closes, tzinfo=zone)
        if opens <= local < closes:
            return moment
        if local < opens:
            return opens.astimezone(UTC)
    raise AssertionError("a window opens every day")  # pragma: no cover


def next_send_time(phone: str, now: datetime) -> datetime:
    """`now` if a text may go to `phone` now, else the next opening (aware, UTC).

    When the area code spans several zones, the time must be inside the window in all of them.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    texas = is_texas_number(phone)
    zones = recipient_time_zones(phone)
    moment = now
    for _ in range(16):
        latest = max(_next_open_in_zone(z, texas=texas, moment=moment) for z in zones)
        if latest == moment:
            return moment
        moment = latest
    return moment  # pragma: no cover  (windows of <= 3 US zones always overlap)


def is_within_window(phone: str, now: datetime) -> bool:
    """True when a text may be sent to `phone` at `now`."""
    return next_send_time(phone, now) == now
