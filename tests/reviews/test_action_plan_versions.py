"""Corrected minutes (or a reconvened review's) copy the earlier version's plan: the action
plans list each case's latest approved version only, so an action is listed once, and the
superseded copy can no longer be updated."""

from datetime import timedelta

import pytest
from builders import case_at
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereview.core.dates import local_today
from casereview.core.errors import NotAllowedNow
from casereview.core.models import AuditEntry
from casereview.partnerships.models import Agency
from casereview.reviews.models import Action, Recommendation
from casereview.reviews.services.actions import action_update, recommendation_respond
from casereview.reviews.services.minutes import (
    ActionInput,
    RecommendationInput,
    minutes_approve,
    minutes_record,
)


def _correct(membership, application, *, approve=True):
    police = Agency.objects.get(partnership=application.partnership, slug="police")
    minutes_record(
        membership=membership("pso@nul.example"),
        application=application,
        summary="Corrected: the advocate attended.",
        decisions=["Joint visit"],
        recommendations=[RecommendationInput("Install CCTV", police)],
        actions=[ActionInput("Patrol Friday nights", police, local_today() + timedelta(days=21))],
    )
    if approve:
        minutes_approve(membership=membership("chair@nul.example"), application=application)


@pytest.mark.django_db
def test_corrected_minutes_list_each_action_and_recommendation_once(client_for, membership) -> None:
    application = case_at("minuted")
    old_action = Action.objects.get(minutes__application=application)
    old_recommendation = Recommendation.objects.get(minutes__application=application)
    _correct(membership, application, approve=False)
    # A correction waiting for the Chair does not replace the approved plan yet.
    page = client_for("pso@nul.example").get("/actions").content.decode()
    assert page.count("Patrol Friday nights") == 1
    assert f'href="/actions/{old_action.pk}"' in page

    minutes_approve(membership=membership("chair@nul.example"), application=application)
    new_action = Action.objects.get(minutes__application=application, minutes__version=2)
    for who in ("pso@nul.example", "chair@nul.example", "police@nul.example"):
        page = client_for(who).get("/actions").content.decode()
        assert page.count("Patrol Friday nights") == 1, who
        assert page.count("Install CCTV") == 1, who
    police = client_for("police@nul.example")
    assert f'href="/actions/{new_action.pk}"' in police.get("/actions").content.decode()
    # The superseded copies are gone from the plan: their pages are not found, and the
    # services refuse them.
    assert police.get(f"/actions/{old_action.pk}").status_code == 404
    assert police.get(f"/recommendations/{old_recommendation.pk}").status_code == 404
    with pytest.raises(NotAllowedNow):
        action_update(membership=membership("police@nul.example"), action=old_action, done=True)
    with pytest.raises(NotAllowedNow):
        recommendation_respond(
            membership=membership("police@nul.example"),
            recommendation=old_recommendation,
            accepted=True,
            notes="",
        )


@pytest.mark.django_db
def test_the_plans_page_reads_in_the_same_queries_however_many_versions(
    client_for, membership, django_assert_max_num_queries
) -> None:
    case_at("minuted")
    pso = client_for("pso@nul.example")
    pso.get("/actions")
    with CaptureQueriesContext(connection) as one:
        pso.get("/actions")
    for _ in range(2):
        _correct(membership, case_at("minuted"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = pso.get("/actions").content.decode()
    assert page.count("Patrol Friday nights") == 3


@pytest.mark.django_db
def test_approving_corrected_minutes_keeps_what_agencies_recorded(membership) -> None:
    application = case_at("minuted")
    police = membership("police@nul.example")
    action_update(
        membership=police,
        action=Action.objects.get(minutes__application=application),
        done=True,
        progress="Patrols every Friday since the meeting.",
    )
    recommendation_respond(
        membership=police,
        recommendation=Recommendation.objects.get(minutes__application=application),
        accepted=False,
        notes="CCTV is the council's to install.",
    )
    _correct(membership, application)

    action = Action.objects.get(minutes__application=application, minutes__version=2)
    assert action.status == "done"
    assert action.progress == "Patrols every Friday since the meeting."
    (part,) = action.parts.all()
    assert part.status == "done" and part.updated_by.email == "police@nul.example"
    answer = Recommendation.objects.get(minutes__application=application, minutes__version=2).answer
    assert answer.response == "not_accepted" and answer.notes == "CCTV is the council's to install."
    entry = AuditEntry.objects.filter(object_type="minutes").order_by("-pk").first()
    assert "2 agencies' progress and answers carried forward" in entry.purpose
