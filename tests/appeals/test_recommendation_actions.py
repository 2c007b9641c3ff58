"""An upheld appeal's recommendations become actions owned by agencies: the coordinator
assigns each to agencies with a due date, once; they join the approved minutes' action plan,
where the agencies see and update them. A not-met case has no plan until its reopened review
has approved minutes, and the page says so."""

from datetime import timedelta

import pytest
from builders import case_at
from django.utils import timezone

from casereview.appeals.models import Appeal
from casereview.appeals.recommendations import RecommendationPlan, appeal_recommendations_to_actions
from casereview.appeals.services import appeal_decide
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.models import AuditEntry
from casereview.decision.services import threshold_decide
from casereview.partnerships.models import Agency
from casereview.reviews.models import Action, Minutes
from casereview.reviews.services.meeting import meeting_schedule
from casereview.reviews.services.minutes import minutes_approve, minutes_record

RECOMMENDATIONS = ("Visit the victim with the housing officer.", "Review the CCTV evidence.")


def _uphold(membership, application, recommendations=RECOMMENDATIONS):
    appeal_decide(
        membership=membership("appeals@pfcc.example"),
        application=application,
        upheld=True,
        findings="The review missed the housing reports.",
        recommendations=list(recommendations),
    )
    application.refresh_from_db()


def _date(name, when):
    return {f"{name}_day": when.day, f"{name}_month": when.month, f"{name}_year": when.year}


def _filled(due):
    return {
        "agencies_0": ["police", "housing"],
        **_date("due_0", due),
        "agencies_1": ["council"],
        **_date("due_1", due),
    }


@pytest.mark.django_db
def test_the_coordinator_makes_the_recommendations_actions_once(
    client_for, membership, django_assert_max_num_queries
) -> None:
    application = case_at("appealed")
    _uphold(membership, application)
    url = f"/applications/{application.reference}/appeal/actions"
    pso = client_for("pso@nul.example")
    case_page = pso.get(f"/applications/{application.reference}").content.decode()
    assert "Make the recommendations actions for agencies" in case_page
    with django_assert_max_num_queries(12):
        page = pso.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert RECOMMENDATIONS[0] in html and "Create the actions" in html
    assert AuditEntry.objects.filter(purpose__contains="recommendations to actions").exists()

    blank = pso.post(url, {})
    assert blank.status_code == 400
    errors = blank.content.decode()
    assert "govuk-error-summary" in errors
    assert "Choose the agencies that will act on recommendation 1" in errors
    assert 'href="#id_due_1_day"' in errors
    assert not Action.objects.filter(text__in=RECOMMENDATIONS).exists()

    due = local_today() + timedelta(days=28)
    done = pso.post(url, _filled(due))
    assert done.status_code == 302
    minutes = Minutes.objects.get(application=application, version=1)
    made = Action.objects.filter(text__in=RECOMMENDATIONS).order_by("pk")
    # One action a recommendation, shared by the agencies chosen; the first in the list leads.
    assert [(a.text, a.agency.slug, a.due, a.minutes) for a in made] == [
        (RECOMMENDATIONS[0], "police", due, minutes),
        (RECOMMENDATIONS[1], "council", due, minutes),
    ]
    assert [sorted(p.agency.slug for p in a.parts.all()) for a in made] == [
        ["housing", "police"],
        ["council"],
    ]
    assert Appeal.objects.get(application=application).actions_created_at is not None
    assert AuditEntry.objects.filter(
        object_id=application.reference,
        purpose__contains="recommendations made 2 actions shared by council, housing, police",
    ).exists()
    # Each agency sees its action in its plan, the shared one once, and updates its own part.
    plans = client_for("council@nul.example").get("/actions").content.decode()
    assert RECOMMENDATIONS[1] in plans
    housing = client_for("housing@nul.example")
    assert housing.get("/actions").content.decode().count(RECOMMENDATIONS[0]) == 1
    shared = made[0]
    updated = housing.post(f"/actions/{shared.pk}", {"status": "done", "progress": "Visited."})
    assert updated.status_code == 302
    shared.refresh_from_db()
    assert shared.status == "open"  # the police's part is still to do
    housing_part = shared.part_of(
        Agency.objects.get(slug="housing", partnership=minutes.application.partnership).pk
    )
    assert housing_part is not None and housing_part.status == "done"
    # Once: the page says it is done, and a second submission makes nothing.
    again = pso.post(url, _filled(due))
    assert again.status_code == 302
    assert made.count() == 2
    assert "became actions" in pso.get(url).content.decode()
    assert "became actions owned by agencies" in (
        pso.get(f"/applications/{application.reference}").content.decode()
    )


@pytest.mark.django_db
def test_a_not_met_case_waits_for_the_reopened_reviews_approved_minutes(
    client_for, membership
) -> None:
    application = case_at("appealed", met=False)
    _uphold(membership, application)
    url = f"/applications/{application.reference}/appeal/actions"
    pso = client_for("pso@nul.example")
    page = pso.get(url).content.decode()
    assert "once the reopened review has approved minutes" in page
    assert "Create the actions" not in page
    refused = pso.post(url, _filled(local_today() + timedelta(days=7)))
    assert refused.status_code == 302
    assert not Action.objects.filter(text__in=RECOMMENDATIONS).exists()

    # The Chair decides again, the review meets and its minutes are approved.
    chair, coordinator = membership("chair@nul.example"), membership("pso@nul.example")
    threshold_decide(
        membership=chair,
        application=application,
        met=True,
        rationale="The office found the housing reports were missed.",
        review_date=local_today() + timedelta(days=30),
    )
    meeting_schedule(
        membership=coordinator,
        application=application,
        starts_at=timezone.now() - timedelta(hours=1),
        location="Civic Centre",
    )
    minutes_record(
        membership=coordinator,
        application=application,
        summary="Met with the housing reports.",
        decisions=[],
        recommendations=[],
        actions=[],
    )
    assert "once the reopened review has approved minutes" in pso.get(url).content.decode()
    minutes_approve(membership=chair, application=application)
    assert "Create the actions" in pso.get(url).content.decode()
    assert pso.post(url, _filled(local_today() + timedelta(days=7))).status_code == 302
    assert Action.objects.filter(text__in=RECOMMENDATIONS).count() == 2


@pytest.mark.django_db
def test_who_may_make_the_actions(client_for, membership) -> None:
    application = case_at("appealed")
    _uphold(membership, application)
    url = f"/applications/{application.reference}/appeal/actions"
    assert client_for("pso@sta.example").get(url).status_code == 404
    assert client_for("chair@nul.example").get(url).status_code == 403
    assert client_for("appeals@pfcc.example").get(url).status_code == 403


@pytest.mark.django_db
def test_the_service_checks_each_plan(membership) -> None:
    application = case_at("appealed")
    _uphold(membership, application)
    pso = membership("pso@nul.example")
    police = Agency.objects.get(partnership=application.partnership, slug="police")
    elsewhere = Agency.objects.exclude(partnership=application.partnership).first()
    with pytest.raises(InvalidInput) as bad:
        appeal_recommendations_to_actions(
            membership=pso,
            application=application,
            plans=[
                RecommendationPlan([police], local_today() - timedelta(days=1)),
                RecommendationPlan([elsewhere], None),
            ],
        )
    assert [e.field for e in bad.value.errors] == ["due_0", "agencies_1", "due_1"]
    with pytest.raises(InvalidInput):
        appeal_recommendations_to_actions(
            membership=pso, application=application, plans=[RecommendationPlan([police], None)]
        )
    assert Appeal.objects.get(application=application).actions_created_at is None

    not_upheld = case_at("appealed")
    appeal_decide(
        membership=membership("appeals@pfcc.example"),
        application=not_upheld,
        upheld=False,
        findings="Handled properly.",
        recommendations=["Write more clearly."],
    )
    with pytest.raises(NotAllowedNow):
        appeal_recommendations_to_actions(
            membership=pso,
            application=not_upheld,
            plans=[RecommendationPlan([police], local_today())],
        )


@pytest.mark.django_db
def test_the_outcome_form_says_what_upholding_does(client_for) -> None:
    office = client_for("appeals@pfcc.example")
    conclusion = case_at("appealed")
    page = office.get(f"/applications/{conclusion.reference}/appeal/outcome").content.decode()
    assert "the case is reopened" in page
    assert "reconvenes the review: a new meeting, new minutes and a new conclusion" in page
    assert "become actions for the agencies" in page
    not_met = case_at("appealed", met=False)
    page = office.get(f"/applications/{not_met.reference}/appeal/outcome").content.decode()
    assert "Chair decides the threshold again" in page
