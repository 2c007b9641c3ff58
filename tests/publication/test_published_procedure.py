"""The public figures page publishes the procedure (s.104 ASBCPA 2014): how to apply, the
threshold from the partnership's own policy, what happens, and the route of appeal."""

from django.test import Client

from casereview.core.dates import local_today
from casereview.partnerships.models import CaseSettings, Partnership, ThresholdPolicyVersion


def test_each_partnership_publishes_its_own_procedure(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        page = Client().get("/published/newcastle-under-lyme")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'href="/apply"' in text
    assert "three times or more in the last 6 months" in text
    newcastle = Partnership.objects.get(slug="newcastle-under-lyme")
    assert newcastle.appeals_body.name.replace("'", "&#39;") in text and "working days" in text

    stafford = Partnership.objects.get(slug="stafford")
    ThresholdPolicyVersion.objects.create(
        partnership=stafford,
        effective_from=local_today(),
        min_complaints=4,
        window_months=12,
    )
    CaseSettings.objects.update_or_create(
        partnership=stafford, defaults={"appeal_working_days": 30}
    )
    other = Client().get("/published/stafford").content.decode()
    assert "four times or more in the last 12 months" in other
    assert "within 30 working days" in other
