"""A step the application page offers is one its service accepts, and the other way round:
minutes once the meeting has started (to the minute, in local time)."""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from casereview.applications.models import Application
from casereview.core.errors import NotAllowedNow
from casereview.reviews.panel import review_panel
from casereview.reviews.services.meeting import meeting_schedule
from casereview.reviews.services.minutes import minutes_record

LONDON = ZoneInfo("Europe/London")


def _minutes(membership, application) -> None:
    minutes_record(
        membership=membership,
        application=application,
        summary="Met.",
        decisions=[],
        recommendations=[],
        actions=[],
    )


def _offered(application, membership, now: datetime) -> bool:
    fresh = Application.objects.get(pk=application.pk)
    return review_panel(fresh, membership, timezone.localdate(now)).can_minute


@pytest.mark.parametrize(
    ("now", "starts_at"),
    [
        pytest.param(
            datetime(2031, 3, 12, 10, 0, tzinfo=LONDON),
            datetime(2031, 3, 12, 18, 0, tzinfo=LONDON),
            id="meeting-later-today",
        ),
        # Ten past midnight in summer time: still the 14th in UTC, and the meeting, at half
        # past midnight, is 23:30 UTC on the 14th, a date already passed by local reckoning.
        pytest.param(
            datetime(2031, 6, 15, 0, 10, tzinfo=LONDON),
            datetime(2031, 6, 15, 0, 30, tzinfo=LONDON),
            id="after-midnight-in-summer-time",
        ),
    ],
)
def test_minutes_are_offered_exactly_when_they_can_be_recorded(
    in_review, membership, now, starts_at
) -> None:
    pso = membership("pso@nul.example")
    meeting_schedule(membership=pso, application=in_review, starts_at=starts_at, location="Hall")
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert not _offered(in_review, pso, now)
        with pytest.raises(NotAllowedNow, match="once the meeting has started"):
            _minutes(pso, in_review)
    with mock.patch("django.utils.timezone.now", return_value=starts_at):
        assert _offered(in_review, pso, starts_at)
        _minutes(pso, in_review)
