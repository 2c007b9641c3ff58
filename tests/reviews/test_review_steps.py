"""A step the application page offers is one its service accepts, and the other way round:
minutes once the meeting has started (to the minute, in local time), and no longer asking an
agency only while agencies may still be asked."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from casereview.applications.models import Application
from casereview.core.errors import NotAllowedNow
from casereview.reviews.models import PartnerRequest
from casereview.reviews.panel import review_panel
from casereview.reviews.services.meeting import meeting_schedule
from casereview.reviews.services.minutes import minutes_record
from casereview.reviews.services.partners import partner_request_withdraw, partner_requests_send
from casereview.reviews.services.withdrawal import application_withdraw

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
    with mock.patch("django.utils.timezone.now", return_value=now):
        # Set on the day: a meeting may be set at most a year ahead.
        meeting_schedule(
            membership=pso, application=in_review, starts_at=starts_at, location="Hall"
        )
        assert not _offered(in_review, pso, now)
        with pytest.raises(NotAllowedNow, match="once the meeting has started"):
            _minutes(pso, in_review)
    with mock.patch("django.utils.timezone.now", return_value=starts_at):
        assert _offered(in_review, pso, starts_at)
        _minutes(pso, in_review)


def _reviewed(application, pso) -> None:
    meeting_schedule(
        membership=pso,
        application=application,
        starts_at=timezone.now() - timedelta(hours=1),
        location="Hall",
    )
    _minutes(pso, application)


def _withdrawn(application, pso) -> None:
    application_withdraw(membership=pso, application=application, reason="Moved away.")


@pytest.mark.parametrize("close", [_reviewed, _withdrawn], ids=["minutes-recorded", "withdrawn"])
def test_an_agency_stays_asked_once_the_review_has_moved_on(
    in_review, membership, client_for, close
) -> None:
    pso = membership("pso@nul.example")
    fire = next(
        r
        for r in partner_requests_send(membership=pso, application=in_review)
        if r.agency.slug == "fire"
    )
    close(in_review, pso)
    with pytest.raises(NotAllowedNow):
        partner_request_withdraw(membership=pso, request=fire)
    assert PartnerRequest.objects.filter(pk=fire.pk).exists()
    page = client_for("pso@nul.example").get(f"/applications/{in_review.reference}/partners")
    assert page.status_code == 200 and "Stop asking" not in page.content.decode()
