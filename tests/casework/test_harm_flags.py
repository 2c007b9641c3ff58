"""Where the harm assessment shows beyond the case page: high harm flagged on the caseload
(home and list) and in the meeting pack, the share of reviews where the victim's harm fell on
the partnership's figures, and the administrator's page that adds a scoring version."""

from datetime import timedelta

import pytest
from builders import case_at
from django.urls import reverse

from casereview.applications.harm import HarmInput, harm_assess
from casereview.applications.models import HarmAssessment
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.harm import DEFAULT_POLICY
from casereview.manage.forms import weight_field_name
from casereview.partnerships.models import HarmPolicyVersion
from casereview.publication.figures import harm_fell_in

pytestmark = pytest.mark.django_db

HIGH = {
    "persistence": "year",
    "disability": True,
    "hate_motivation": True,
    "leaving_home": True,
    "children_affected": True,
    "response": "none",
}
STANDARD = {"persistence": "weeks", "response": "effective"}


def _assess(membership, application, answers, days_ago=0) -> HarmAssessment:
    return harm_assess(
        membership=membership("pso@nul.example"),
        application=application,
        data=HarmInput(
            assessed_on=local_today() - timedelta(days=days_ago), method="phone", answers=answers
        ),
    )


def test_high_harm_is_flagged_on_the_caseload_and_in_the_meeting_pack(
    demo, client_for, membership, django_assert_max_num_queries
) -> None:
    high = case_at("asked", received=local_today() - timedelta(days=3))
    calm = case_at("received")
    _assess(membership, high, HIGH)
    _assess(membership, calm, STANDARD)
    pso = client_for("pso@nul.example")
    with django_assert_max_num_queries(12):
        listed = pso.get(reverse("casework:list")).text
    row_of = {
        ref: listed.split(f'href="/applications/{ref}">', 1)[1][:200]
        for ref in (high.reference, calm.reference)
    }
    assert "High harm" in row_of[high.reference]
    assert "High harm" not in row_of[calm.reference]
    home = pso.get(reverse("casework:home")).text
    assert "High harm" in home.split(high.reference, 1)[1][:300]
    police = client_for("police@nul.example")
    pack = police.get(f"/applications/{high.reference}/pack").text
    assert "Harm to the victim" in pack and "High harm" in pack
    assert "disability" not in pack.lower()  # partners see the level, not the answers


def test_the_figures_show_the_share_of_reviews_where_harm_fell(
    demo, client_for, membership
) -> None:
    received = local_today() - timedelta(days=5)
    fell = case_at("decided", received=received)
    stayed = case_at("decided", received=received)
    once = case_at("decided", received=received)
    _assess(membership, fell, HIGH, days_ago=1)
    _assess(membership, fell, STANDARD)
    _assess(membership, stayed, STANDARD, days_ago=1)
    _assess(membership, stayed, HIGH)
    _assess(membership, once, HIGH)
    figure = harm_fell_in(fell.__class__.objects.filter(partnership=fell.partnership))
    assert (figure.reassessed, figure.fell, figure.share) == (2, 1, 50)
    page = client_for("chair@nul.example").get(reverse("publication:figures")).text
    assert "Share of reviews where the victim's harm fell" in page
    assert "50% (1 of 2)" in page


def test_the_administrator_adds_a_harm_scoring_version(demo, client_for) -> None:
    admin = client_for("admin@nul.example")
    path = reverse("manage:harm_policy")
    page = admin.get(path)
    assert page.status_code == 200 and "Harm scoring policy" in page.text
    # Filled in from the version in effect: the product's version 1.
    assert 'name="weight_hate_motivation" type="text" value="3"' in page.text
    form = {
        **{weight_field_name(key): str(points) for key, points in DEFAULT_POLICY.weights.items()},
        "medium_from": "6",
        "high_from": "12",
    }
    day = local_today() + timedelta(days=7)
    dated = {
        "effective_from_day": day.day,
        "effective_from_month": day.month,
        "effective_from_year": day.year,
    }
    # A worse answer never scores fewer points: refused, naming the field.
    refused = admin.post(path, {**form, **dated, "weight_persistence__year": "0"})
    assert refused.status_code == 400
    assert 'href="#id_weight_persistence__year"' in refused.text
    assert not HarmPolicyVersion.objects.filter(created_by__isnull=False).exists()
    done = admin.post(path, {**form, **dated, "high_from": "10"})
    assert done.status_code == 302
    version = HarmPolicyVersion.objects.get(created_by__isnull=False)
    assert (version.version, version.high_from, version.effective_from) == (2, 10, day)
    assert AuditEntry.objects.filter(
        object_type="harm_policy", purpose__contains="harm scoring policy 2"
    ).exists()
    assert "Version 2 of the harm scoring policy takes effect" in admin.get(path).text
    assert client_for("pso@nul.example").get(path).status_code == 403
