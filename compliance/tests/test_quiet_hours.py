"""Send windows: Texas SB 140 vs TCPA, Sundays, DST, the next opening."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from compliance import quiet_hours

CHI = ZoneInfo("America/Chicago")
NY = ZoneInfo("America/New_York")
AUSTIN = "+15125550100"
EL_PASO = "+19155550100"
MANHATTAN = "+12125550100"
LOS_ANGELES = "+13105550100"


def at(zone, *args):
    return datetime(*args, tzinfo=zone)


@pytest.mark.parametrize("area", sorted(quiet_hours.TEXAS_AREA_CODES))
def test_every_texas_area_code_is_texas(area):
    assert quiet_hours.is_texas_number(f"+1{area}5550100")


def test_non_texas_and_bad_numbers_are_not_texas():
    assert not quiet_hours.is_texas_number(MANHATTAN)
    assert not quiet_hours.is_texas_number("+442071838750")
    assert not quiet_hours.is_texas_number("not a phone")


def test_texas_weekday_before_nine_waits_for_nine():
    now = at(CHI, 2026, 11, 25, 8, 30)  # Wednesday
    assert quiet_hours.next_send_time(AUSTIN, now) == at(CHI, 2026, 11, 25, 9, 0)


def test_non_texas_weekday_at_8_30_sends_now():
    now = at(NY, 2026, 11, 25, 8, 30)
    assert quiet_hours.next_send_time(MANHATTAN, now) == now


def test_non_texas_before_eight_waits_for_eight_local():
    now = at(NY, 2026, 11, 25, 7, 59)
    assert quiet_hours.next_send_time(MANHATTAN, now) == at(NY, 2026, 11, 25, 8, 0)


def test_texas_sunday_morning_waits_for_noon():
    now = at(CHI, 2026, 11, 29, 10, 0)  # Sunday
    assert quiet_hours.next_send_time(AUSTIN, now) == at(CHI, 2026, 11, 29, 12, 0)


def test_non_texas_sunday_morning_opens_at_eight():
    now = at(NY, 2026, 11, 29, 7, 0)
    assert quiet_hours.next_send_time(MANHATTAN, now) == at(NY, 2026, 11, 29, 8, 0)


def test_texas_saturday_night_rolls_to_sunday_noon():
    now = at(CHI, 2026, 11, 28, 21, 0)  # Saturday 21:00 is closed (window is [9, 21))
    assert quiet_hours.next_send_time(AUSTIN, now) == at(CHI, 2026, 11, 29, 12, 0)


def test_inside_window_returns_now_exactly():
    now = at(CHI, 2026, 11, 25, 20, 59)
    assert quiet_hours.next_send_time(AUSTIN, now) == now
    assert quiet_hours.is_within_window(AUSTIN, now)


def test_el_paso_is_texas_on_mountain_time():
    now = at(CHI, 2026, 11, 25, 9, 30)  # 08:30 in El Paso
    assert quiet_hours.next_send_time(EL_PASO, now) == at(
        ZoneInfo("America/Denver"), 2026, 11, 25, 9, 0
    )  # noqa: E501


def test_los_angeles_uses_pacific_time():
    now = at(CHI, 2026, 11, 25, 9, 30)  # 07:30 in LA
    assert quiet_hours.next_send_time(LOS_ANGELES, now) == at(
        ZoneInfo("America/Los_Angeles"), 2026, 11, 25, 8, 0
    )


def test_dst_spring_forward_sunday_opens_at_local_noon():
    # 2026-03-08 is the Sunday US clocks go forward: noon CDT is 17:00 UTC (18:00 the week before).
    saturday_night = at(CHI, 2026, 3, 7, 22, 0)
    opening = quiet_hours.next_send_time(AUSTIN, saturday_night)
    assert opening == datetime(2026, 3, 8, 17, 0, tzinfo=UTC)
    week_before = quiet_hours.next_send_time(AUSTIN, at(CHI, 2026, 2, 28, 22, 0))
    assert week_before == datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def test_dst_fall_back_sunday_opens_at_local_noon():
    # 2026-11-01: clocks go back at 02:00; noon CST is 18:00 UTC.
    opening = quiet_hours.next_send_time(
        AUSTIN,
        at(
            CHI,
            2026,
            11,
            1,
            1,
            30,
        ),
    )
    assert opening == datetime(2026, 11, 1, 18, 0, tzinfo=UTC)


def test_dst_new_york_opens_at_eight_local_either_side():
    assert quiet_hours.next_send_time(MANHATTAN, datetime(2026, 3, 9, 11, 0, tzinfo=UTC)) == (
        datetime(2026, 3, 9, 12, 0, tzinfo=UTC)  # 08:00 EDT
    )
    assert quiet_hours.next_send_time(MANHATTAN, datetime(2026, 3, 6, 12, 0, tzinfo=UTC)) == (
        datetime(2026, 3, 6, 13, 0, tzinfo=UTC)  # 08:00 EST
    )


def test_toll_free_and_unparseable_numbers_use_the_default_zone():
    assert quiet_hours.recipient_time_zones("+18005550100") == [CHI]
    assert quiet_hours.recipient_time_zones("garbage") == [CHI]
    now = at(CHI, 2026, 11, 25, 7, 0)
    assert quiet_hours.next_send_time("garbage", now) == at(CHI, 2026, 11, 25, 8, 0)


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        quiet_hours.next_send_time(AUSTIN, datetime(2026, 11, 25, 10, 0))  # noqa: DTZ001
