"""The harm assessment (docs/harm.md) on a case: the coordinator records it with the victim,
scored under the partnership's harm scoring policy in effect that day; the case page shows
the latest level and every assessment; the Chair sees the s.104(5) factors with its evidence
and, deciding met below the complaint count, gives a reason against each factor that the
acknowledgement letter tells the applicant; the API records and shows it."""

import io
import json
import re
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from builders import case_at
from django.urls import reverse
from helpers import problem_fields

from casereview.applications.harm import HarmInput, harm_assess, harm_policy_version_for
from casereview.applications.models import HarmAssessment, Letter, LetterKind
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.models import AuditEntry
from casereview.dataprotection.retention import Due, application_erase
from casereview.harm import DEFAULT_POLICY
from casereview.partnerships.models import HarmPolicyVersion
from casereview.partnerships.services import harm_policy_version_add

pytestmark = pytest.mark.django_db

HIGH = {
    "persistence": "year",
    "disability": True,
    "hate_motivation": True,
    "leaving_home": True,
    "children_affected": True,
    "response": "none",
}


def _form(**overrides: Any) -> dict[str, Any]:
    today = local_today()
    return {
        "assessed_on_day": today.day,
        "assessed_on_month": today.month,
        "assessed_on_year": today.year,
        "method": "in_person",
        "persistence": "year",
        "impact": ["leaving_home"],
        "vulnerability": ["disability", "hate_motivation"],
        "others": ["children_affected"],
        "response": "none",
        "notes": "Seen at home with her daughter.",
        **overrides,
    }


def _assess(membership, application, answers=None, on=None, method="phone") -> HarmAssessment:
    return harm_assess(
        membership=membership("pso@nul.example"),
        application=application,
        data=HarmInput(
            assessed_on=on or local_today(),
            method=method,
            answers=answers or {"persistence": "weeks", "response": "effective"},
        ),
    )


def test_the_coordinator_records_an_assessment_and_the_case_page_shows_it(
    demo, client_for, django_assert_max_num_queries
) -> None:
    application = case_at("received")
    pso = client_for("pso@nul.example")
    path = reverse("casework:harm_new", args=[application.reference])
    # The case, the signed-in staff member, the audit entry and the last assessment.
    with django_assert_max_num_queries(13):
        page = pso.get(path)
    assert page.status_code == 200 and "How long has the behaviour gone on?" in page.text
    response = pso.post(path, _form())
    assert response.status_code == 302
    assert response["Location"].endswith(f"/applications/{application.reference}#harm")
    assessment = HarmAssessment.objects.get(application=application)
    assert (assessment.level, assessment.points, assessment.method) == ("high", 14, "in_person")
    assert assessment.policy_version.version == 1
    assert assessment.answers["hate_motivation"] is True
    audit = AuditEntry.objects.get(
        action="collect", object_id=application.reference, purpose__contains="harm"
    )
    assert "high harm" in audit.purpose and "scoring policy 1" in audit.purpose
    assert "daughter" not in audit.purpose  # the notes stay out of the log
    case = pso.get(reverse("casework:detail", args=[application.reference])).text
    assert "High harm" in case and "Seen at home with her daughter." in case
    assert "Assess the harm again" in case
    again = pso.get(path).text
    assert "The last assessment" in again and "high harm" in again


def test_a_wrong_assessment_is_refused_naming_the_field_and_nothing_is_saved(
    demo, client_for
) -> None:
    application = case_at("received")
    pso = client_for("pso@nul.example")
    path = reverse("casework:harm_new", args=[application.reference])
    tomorrow = local_today() + timedelta(days=1)
    response = pso.post(
        path,
        _form(
            persistence="",
            assessed_on_day=tomorrow.day,
            assessed_on_month=tomorrow.month,
            assessed_on_year=tomorrow.year,
        ),
    )
    assert response.status_code == 400
    assert 'href="#id_persistence' in response.text
    assert "Select how long the behaviour has gone on" in response.text
    assert "There is a problem" in response.text
    assert not HarmAssessment.objects.exists()


def test_only_the_coordinator_of_the_partnership_assesses(demo, client_for, membership) -> None:
    application = case_at("received")
    path = reverse("casework:harm_new", args=[application.reference])
    assert client_for("chair@nul.example").get(path).status_code in (403, 404)
    assert client_for("pso@sta.example").get(path).status_code == 404
    with pytest.raises(NotAllowedNow):
        harm_assess(
            membership=membership("chair@nul.example"),
            application=application,
            data=HarmInput(assessed_on=local_today(), method="phone", answers=HIGH),
        )
    with pytest.raises(InvalidInput) as refused:
        _assess(membership, application, answers={"persistence": "weeks", "slept": True})
    assert [e.field for e in refused.value.errors] == ["slept"]


def test_each_assessment_keeps_the_policy_version_it_was_scored_under(demo, membership) -> None:
    application = case_at("received")
    first = _assess(
        membership,
        application,
        answers={"persistence": "months", "sleep": True, "health": True, "response": "partial"},
    )
    assert (first.level, first.points) == ("medium", 6)
    stricter = harm_policy_version_add(
        admin=membership("admin@nul.example"),
        effective_from=local_today(),
        weights=dict(DEFAULT_POLICY.weights),
        medium_from=2,
        high_from=6,
    )
    assert stricter.version == 2
    second = _assess(membership, application, answers=first.answers)
    assert (second.level, second.policy_version) == ("high", stricter)
    first.refresh_from_db()
    assert (first.level, first.policy_version.version) == ("medium", 1)
    # The version in effect before the new one is still the product's default.
    earlier = harm_policy_version_for(application.partnership_id, local_today() - timedelta(1))
    assert earlier.version == 1 and earlier.weights == dict(DEFAULT_POLICY.weights)


def test_the_chair_sees_the_factors_and_a_met_below_the_count_reason_reaches_the_letter(
    demo, client_for, membership, django_assert_max_num_queries
) -> None:
    application = case_at("received")  # two qualifying complaints: the engine says not met
    _assess(membership, application, answers=HIGH, method="in_person")
    chair = client_for("chair@nul.example")
    path = reverse("decision:decide", args=[application.reference])
    with django_assert_max_num_queries(14):
        page = chair.get(path)
    text = page.text
    assert "The s.104(5) factors" in text
    assert "For a year or more" in text  # persistence
    assert "High harm" in text and "they have a disability" in text.lower()
    assert "Nothing has been done, or nothing has helped" in text  # the response
    review_by = application.conclusion_due
    decision = {
        "threshold_met": "yes",
        "rationale": "",
        "review_date_day": review_by.day,
        "review_date_month": review_by.month,
        "review_date_year": review_by.year,
    }
    refused = chair.post(path, decision)
    assert refused.status_code == 400
    assert 'href="#id_reason_harm"' in refused.text
    assert "Explain how you weighed the harm or potential harm" in refused.text
    assert not Letter.objects.filter(application=application).exists()
    done = chair.post(
        path,
        {
            **decision,
            "reason_persistence": "The shouting has gone on every night for over a year.",
            "reason_harm": "You are afraid to leave home and your daughter is affected.",
            "reason_response": "Nothing agencies have done so far has stopped it.",
        },
    )
    assert done.status_code == 302
    application.refresh_from_db()
    decided = application.decision
    assert decided.met_below_count
    assert decided.harm_assessment.level == "high"
    assert decided.harm_policy_version.version == 1
    letter = Letter.objects.get(application=application, kind=LetterKind.ACKNOWLEDGEMENT)
    assert "the law lets us hold a case review" in letter.html
    assert "How long it has gone on:</strong> The shouting has gone on" in letter.html
    assert "The harm it causes or could cause:</strong> You are afraid" in letter.html
    assert "How agencies have responded so far:</strong> Nothing agencies" in letter.html
    case = chair.get(reverse("casework:detail", args=[application.reference])).text
    assert "Harm assessment seen" in case and "scoring policy 1" in case
    # A later scoring version never changes what the decision was made under.
    harm_policy_version_add(
        admin=membership("admin@nul.example"),
        effective_from=local_today() + timedelta(days=1),
        weights=dict(DEFAULT_POLICY.weights),
        medium_from=20,
        high_from=25,
    )
    decided.refresh_from_db()
    assert decided.harm_policy_version.version == 1


def test_the_api_records_an_assessment_and_the_resource_shows_the_latest(api, demo) -> None:
    application = case_at("received")
    pso = api("pso@nul.example")
    before = pso("get", f"/applications/{application.reference}").json()
    assert before["harm"] is None
    body = {"assessed_on": local_today().isoformat(), "method": "phone", "answers": HIGH}
    response = pso("post", f"/applications/{application.reference}/harm-assessment", body)
    assert response.status_code == 201, response.content
    harm = response.json()["harm"]
    assert (harm["level"], harm["policy_version"]) == ("high", 1)
    assert harm["assessed_on"] == local_today().isoformat()
    assert harm["answers"]["persistence"] == "year" and harm["answers"]["sleep"] is False
    bad = pso(
        "post",
        f"/applications/{application.reference}/harm-assessment",
        {**body, "answers": {**HIGH, "persistence": "forever"}},
    )
    assert bad.status_code == 422
    assert problem_fields(bad) == ["answers.persistence"]
    assert HarmAssessment.objects.count() == 1
    chair = api("chair@nul.example")
    assert (
        chair("post", f"/applications/{application.reference}/harm-assessment", body).status_code
        == 403
    )
    other = api("pso@sta.example")
    assert (
        other("post", f"/applications/{application.reference}/harm-assessment", body).status_code
        == 404
    )
    assert chair("get", f"/applications/{application.reference}").json()["harm"]["level"] == "high"


def test_the_default_policy_is_recorded_as_version_1_once(demo) -> None:
    application = case_at("received")
    one = harm_policy_version_for(application.partnership_id, local_today())
    two = harm_policy_version_for(application.partnership_id, local_today())
    assert one == two and HarmPolicyVersion.objects.count() == 1
    assert one.to_policy() == DEFAULT_POLICY


def test_subject_access_exports_the_assessment_and_erasure_keeps_only_the_level(
    demo, client_for, membership
) -> None:
    application = case_at("received")
    assessment = harm_assess(
        membership=membership("pso@nul.example"),
        application=application,
        data=HarmInput(
            assessed_on=local_today(), method="phone", answers=HIGH, notes="Spoke for an hour."
        ),
    )
    dpo = client_for("dpo@nul.example")
    today = local_today()
    asked = dpo.post(
        "/subject-access",
        {
            "requester": application.victim_name,
            "reply_to": "them@example.org",
            "received_day": today.day,
            "received_month": today.month,
            "received_year": today.year,
            "name": application.victim_name,
            "postcode": application.victim_postcode,
        },
    )
    path = asked["Location"]
    page = dpo.get(path).content.decode()
    assert f'value="harm-{assessment.pk}"' in page
    export = dpo.post(
        path + "/export", {"shown": re.findall(r'name="shown" value="([^"]+)"', page)}
    )
    data = json.loads(zipfile.ZipFile(io.BytesIO(export.content)).read("data.json"))
    [harm] = [
        a["harm_assessments"]
        for a in data["applications"]
        if a["reference"] == application.reference
    ]
    assert harm[0]["level"] == "high" and harm[0]["notes"] == "Spoke for an hour."
    assert harm[0]["answers"]["disability"] is True

    application_erase(application, Due(application, today, today))
    assessment.refresh_from_db()
    assert (assessment.answers, assessment.notes) == ({}, "")
    assert assessment.level == "high" and assessment.assessed_on == today
