"""An upheld appeal reopens the case: the Chair decides again after a not-met appeal, the
coordinator reconvenes the review after a conclusion appeal; the earlier records are kept."""

from datetime import timedelta

import pytest
from builders import case_at
from django.utils import timezone

from casereview.appeals.services import appeal_decide
from casereview.applicants.timeline import timeline_for
from casereview.applications.lifecycle import (
    CLOSED,
    OPEN,
    RECONVENE_REVIEW,
    RETAKE_DECISION,
    may_appeal,
    reopened_by,
)
from casereview.applications.models import Letter, Status, ThresholdDecision
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.publication.figures import figures_for
from casereview.reviews.models import Conclusion, Meeting, Minutes


def _uphold(membership, application, recommendations=("Reconsider the evidence.",)):
    appeal_decide(
        membership=membership("appeals@pfcc.example"),
        application=application,
        upheld=True,
        findings="The review missed the housing reports.",
        recommendations=list(recommendations),
    )
    application.refresh_from_db()


def _minutes():
    return {
        "summary": "Met again with the housing reports.",
        "decisions": ["Joint visit"],
        "recommendations": [{"text": "Mediation", "agency": "housing"}],
        "actions": [
            {
                "text": "Refer to mediation",
                "agency": "housing",
                "due": (local_today() + timedelta(days=14)).isoformat(),
            }
        ],
    }


@pytest.mark.django_db
def test_a_conclusion_appeal_upheld_reconvenes_the_review(
    api, membership, django_capture_on_commit_callbacks
) -> None:
    application = case_at("appealed")
    first_meeting, first_conclusion = application.meeting, application.conclusion
    _uphold(membership, application)
    assert application.status == Status.APPEAL_UPHELD
    assert application.status in OPEN and application.status not in CLOSED
    assert reopened_by(application) == RECONVENE_REVIEW
    pso, chair = api("pso@nul.example"), api("chair@nul.example")
    path = f"/applications/{application.reference}"
    # Not a decision to take again, and no minutes before the new meeting.
    decided = chair("post", f"{path}/decision", {"threshold_met": True, "rationale": ""})
    assert decided.status_code == 409
    assert pso("post", f"{path}/minutes", _minutes()).status_code == 409
    assert pso("get", path).json()["status"] == "appeal_upheld"

    starts = timezone.now().replace(microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        moved = pso(
            "post", f"{path}/meeting", {"starts_at": starts.isoformat(), "location": "Hall"}
        )
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "in_review"
    application.refresh_from_db()
    assert application.meeting.pk != first_meeting.pk
    kept = Meeting.objects.get(pk=first_meeting.pk)
    assert kept.application is None and kept.superseded_from == application
    assert Conclusion.objects.get(pk=first_conclusion.pk).superseded_from == application
    assert AuditEntry.objects.filter(
        object_type="meeting",
        object_id=str(application.meeting.pk),
        purpose__contains="reconvened after an upheld appeal",
    ).exists()

    assert pso("post", f"{path}/minutes", _minutes()).json()["status"] == "reviewed"
    assert chair("post", f"{path}/minutes/approve", {}).status_code == 200
    assert [m.version for m in Minutes.objects.filter(application=application)] == [2, 1]
    concluded = chair("post", f"{path}/conclusion", {"summary": "Mediation agreed."})
    assert concluded.json()["status"] == "concluded"
    application.refresh_from_db()
    assert application.conclusion.summary == "Mediation agreed."
    assert not application.conclusion.late
    assert Conclusion.objects.filter(superseded_from=application).count() == 1
    letters = Letter.objects.filter(application=application, kind="conclusion")
    assert letters.count() == 2
    newest = letters.order_by("-created_at").first()
    assert "upheld your appeal" in newest.html and "Ombudsman" in newest.html
    # One appeal a case: the new conclusion is not appealed to the office again.
    assert not may_appeal(application)
    again = pso(
        "post",
        f"{path}/appeal",
        {
            "received": local_today().isoformat(),
            "grounds": ["facts_not_considered"],
            "details": "x",
        },
    )
    assert again.status_code == 409
    # Counted once.
    counts = figures_for(
        type(application).objects.filter(pk=application.pk),
        application.received,
        application.received,
    ).counts
    assert counts["applications"] == 1
    assert counts["reviews_carried_out"] == 1
    assert counts["appeals_upheld"] == 1
    assert counts["pending"] == 0


@pytest.mark.django_db
def test_a_not_met_appeal_upheld_has_the_chair_decide_again(api, membership) -> None:
    application = case_at("appealed", met=False)
    first = application.decision
    _uphold(membership, application)
    assert reopened_by(application) == RETAKE_DECISION
    pso, chair = api("pso@nul.example"), api("chair@nul.example")
    path = f"/applications/{application.reference}"
    starts = timezone.now().isoformat()
    assert (
        pso("post", f"{path}/meeting", {"starts_at": starts, "location": "Hall"}).status_code == 409
    )
    counts = figures_for(
        type(application).objects.filter(pk=application.pk),
        application.received,
        application.received,
    ).counts
    assert counts["pending"] == 1  # waiting for the partnership
    # The review date is from today on, not within the original deadline.
    past = chair(
        "post",
        f"{path}/decision",
        {
            "threshold_met": True,
            "rationale": "The office found the housing reports were missed.",
            "review_date": (local_today() - timedelta(days=1)).isoformat(),
        },
    )
    assert past.status_code == 422
    assert past.json()["errors"][0]["field"] == "review_date"
    review_date = local_today() + timedelta(days=30)
    again = chair(
        "post",
        f"{path}/decision",
        {
            "threshold_met": True,
            "rationale": "The office found the housing reports were missed.",
            "review_date": review_date.isoformat(),
        },
    )
    assert again.status_code == 200, again.content
    assert again.json()["status"] == "threshold_met"
    application.refresh_from_db()
    assert application.decision.met and application.decision.pk != first.pk
    kept = ThresholdDecision.objects.get(pk=first.pk)
    assert kept.application is None and kept.superseded_from == application and not kept.met
    acks = Letter.objects.filter(application=application, kind="acknowledgement")
    assert acks.count() == 2
    assert "upheld your appeal" in acks.order_by("-created_at").first().html
    assert chair("post", f"{path}/decision", {"threshold_met": False}).status_code == 409
    # The review runs as before.
    assert (
        pso("post", f"{path}/meeting", {"starts_at": starts, "location": "Hall"}).json()["status"]
        == "in_review"
    )
    counts = figures_for(
        type(application).objects.filter(pk=application.pk),
        application.received,
        application.received,
    ).counts
    assert counts["threshold_not_met"] == 0 and counts["pending"] == 1


@pytest.mark.django_db
def test_the_applicant_timeline_shows_the_reopening(membership) -> None:
    application = case_at("appealed")
    _uphold(membership, application)
    letters = list(Letter.objects.filter(application=application))
    steps = [s.what for s in timeline_for(application, letters)]
    assert "Your appeal was upheld" in steps
    assert "Your case was reopened: the agencies are meeting again to review it" in steps


@pytest.mark.django_db
def test_the_case_page_tells_the_partnership_what_to_do(client_for, membership) -> None:
    conclusion_appeal = case_at("appealed")
    _uphold(membership, conclusion_appeal)
    page = client_for("pso@nul.example").get(f"/applications/{conclusion_appeal.reference}")
    html = page.content.decode()
    assert "Appeal upheld: action needed" in html
    assert "Reconvene the review: set a new meeting" in html

    not_met = case_at("appealed", met=False)
    _uphold(membership, not_met)
    chair_page = (
        client_for("chair@nul.example").get(f"/applications/{not_met.reference}").content.decode()
    )
    assert "Decide the threshold again" in chair_page
    pso_page = (
        client_for("pso@nul.example").get(f"/applications/{not_met.reference}").content.decode()
    )
    assert "Only the Chair can decide the threshold." in pso_page
    decide = client_for("chair@nul.example").get(f"/applications/{not_met.reference}/decision")
    assert decide.status_code == 200
    assert "Decide the threshold again" in decide.content.decode()


@pytest.mark.django_db
def test_erasure_reaches_the_superseded_meeting_and_conclusion(api, membership) -> None:
    from casereview.dataprotection.retention import _erase_review

    application = case_at("appealed")
    first_meeting, first_conclusion = application.meeting, application.conclusion
    _uphold(membership, application)
    starts = timezone.now().isoformat()
    path = f"/applications/{application.reference}/meeting"
    assert (
        api("pso@nul.example")("post", path, {"starts_at": starts, "location": "Hall"}).status_code
        == 200
    )
    _erase_review(application)
    assert Meeting.objects.get(pk=first_meeting.pk).location == ""
    assert Conclusion.objects.get(pk=first_conclusion.pk).summary == ""
