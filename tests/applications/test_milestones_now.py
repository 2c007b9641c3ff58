"""The case page's milestones and the applicant's timeline say what is true now, in every state:
no promise to a withdrawn request, no countdown after the review or the appeal, and no "Done"
for a letter that has been written but not yet sent."""

from datetime import date

from builders import case_at

from casereview.accounts.models import Membership
from casereview.applicants.timeline import timeline_for
from casereview.applications.lifecycle import (
    ACKNOWLEDGEMENT_LETTER,
    CONCLUSION_LETTER,
    REVIEW_COMPLETED,
    CaseDates,
    case_milestones,
    milestones_of,
)
from casereview.applications.models import Application, Letter, Status
from casereview.casework.caseload import caseload_for
from casereview.clock.deadlines import next_open_milestone
from casereview.reviews.services.withdrawal import application_withdraw
from casereview.reviews.whole_case import application_get

TODAY = date(2026, 11, 20)


def _coordinator() -> Membership:
    return Membership.objects.get(user__email="pso@nul.example")


def _by_name(application: Application) -> dict[str, str]:
    fresh = application_get(_coordinator(), application.reference)
    letters = list(Letter.objects.filter(application=application))
    return {m.name: m.describe(TODAY) for m in milestones_of(fresh, letters)}


def _timeline(application: Application) -> list[str]:
    fresh = application_get(_coordinator(), application.reference)
    letters = list(Letter.objects.filter(application=application))
    return [step.what for step in timeline_for(fresh, letters)]


def test_a_withdrawn_request_owes_nothing_more() -> None:
    dates = CaseDates(date(2026, 11, 9), date(2026, 12, 1), None, None, status=Status.WITHDRAWN)
    milestones = case_milestones(dates, None, None)
    assert [m.describe(TODAY) for m in milestones] == ["Not needed: the request was withdrawn"] * 2
    assert not any(m.is_overdue(TODAY) for m in milestones)
    assert next_open_milestone(milestones) is None


def test_the_review_date_stops_counting_once_minuted_or_appealed() -> None:
    minuted = CaseDates(
        date(2026, 11, 9),
        date(2026, 12, 1),
        True,
        date(2026, 11, 28),
        status=Status.APPEALED,
        reviewed_on=date(2026, 11, 18),
    )
    review = case_milestones(minuted, date(2026, 11, 5), date(2026, 11, 19))[1]
    assert (review.name, review.describe(TODAY)) == (REVIEW_COMPLETED, "Done")


def test_a_letter_written_but_not_sent_is_not_done(demo) -> None:
    application = case_at("decided")  # the letter's email waits for the commit
    assert _by_name(application)[ACKNOWLEDGEMENT_LETTER].startswith("Written, not yet sent: ")
    assert "We have written you a letter: acknowledgement" in _timeline(application)
    Letter.objects.filter(application=application).update(sent_at="2026-11-06T10:00Z")
    assert _by_name(application)[ACKNOWLEDGEMENT_LETTER] == "Done"
    assert "We sent you a letter: acknowledgement" in _timeline(application)


def test_the_caseload_agrees_with_the_case_page(demo, membership) -> None:
    application = case_at("decided")
    row = next(
        r
        for r in caseload_for(membership("pso@nul.example"), TODAY, limit=1000).rows
        if r.application.pk == application.pk
    )
    assert row.next is not None and row.next.waiting == "Written, not yet sent"


def test_a_concluded_case_has_its_review_done(demo, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = case_at("concluded")
    states = _by_name(application)
    assert states[REVIEW_COMPLETED] == "Done"
    assert states[CONCLUSION_LETTER].startswith("Done")
    assert "The review is to be completed by this date" not in _timeline(application)
    case_at("appealed", application=application)
    assert _by_name(application)[REVIEW_COMPLETED] == "Done"


def test_a_request_withdrawn_before_the_decision_promises_no_decision(demo, membership) -> None:
    application = case_at("received")
    application_withdraw(
        membership=membership("pso@nul.example"), application=application, reason="Moved away"
    )
    application.refresh_from_db()
    lines = _timeline(application)
    assert not any(line.startswith("We will decide") for line in lines)
    assert "Your request was withdrawn" in lines
    assert set(_by_name(application).values()) == {"Not needed: the request was withdrawn"}


def test_a_request_withdrawn_during_the_review_drops_the_review_date(demo, membership) -> None:
    application = case_at("decided")
    application_withdraw(
        membership=membership("pso@nul.example"), application=application, reason="Moved away"
    )
    application.refresh_from_db()
    assert "The review is to be completed by this date" not in _timeline(application)
    assert _by_name(application)[REVIEW_COMPLETED] == "Not needed: the request was withdrawn"
