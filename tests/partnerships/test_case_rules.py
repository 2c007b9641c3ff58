"""A partnership admin versions the threshold policy and sets deadlines and letter wording."""

from datetime import timedelta

from builders import case_at

from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.partnerships.models import CaseSettings, ThresholdPolicyVersion


def _date(prefix: str, d) -> dict[str, str]:
    return {
        f"{prefix}_day": str(d.day),
        f"{prefix}_month": str(d.month),
        f"{prefix}_year": str(d.year),
    }


POLICY = {"min_complaints": "2", "report_within_months": "1", "window_months": "6"}


def test_a_new_policy_version_is_added_never_changed(client_for) -> None:
    admin = client_for("admin@nul.example")
    original = ThresholdPolicyVersion.objects.get(partnership__slug="newcastle-under-lyme")
    tomorrow = local_today() + timedelta(days=1)
    response = admin.post(
        "/manage/threshold-policy",
        {**_date("effective_from", tomorrow), **POLICY, "hate_incident_rule": "on"},
    )
    assert response.status_code == 302
    versions = ThresholdPolicyVersion.objects.filter(partnership__slug="newcastle-under-lyme")
    assert versions.count() == 2
    original.refresh_from_db()
    assert original.min_complaints == 3  # the old version is untouched
    new = versions.get(effective_from=tomorrow)
    assert new.min_complaints == 2 and new.hate_incident_rule
    assert AuditEntry.objects.filter(object_type="threshold_policy", action="collect").exists()
    page = admin.get("/manage/threshold-policy").content.decode()
    assert "In effect" in page


def test_a_policy_cannot_start_in_the_past_or_twice_on_one_day(client_for) -> None:
    admin = client_for("admin@nul.example")
    yesterday = local_today() - timedelta(days=1)
    response = admin.post(
        "/manage/threshold-policy", {**_date("effective_from", yesterday), **POLICY}
    )
    assert response.status_code == 400
    assert "must be today or later" in response.content.decode()
    today = {**_date("effective_from", local_today()), **POLICY}
    assert admin.post("/manage/threshold-policy", today).status_code == 302
    again = admin.post("/manage/threshold-policy", today)
    assert again.status_code == 400 and "already takes effect" in again.content.decode()
    zero = admin.post(
        "/manage/threshold-policy",
        {
            **_date("effective_from", local_today() + timedelta(days=3)),
            **POLICY,
            "min_complaints": "0",
        },
    )
    assert zero.status_code == 400 and "must be 1 or more" in zero.content.decode()


def test_deadlines_apply_to_requests_recorded_afterwards(client_for, recorded) -> None:
    before = recorded()
    admin = client_for("admin@nul.example")
    response = admin.post(
        "/manage/deadlines",
        {
            "acknowledgement_working_days": "3",
            "conclusion_calendar_days": "21",
            "contribution_working_days": "2",
            "appeal_working_days": "20",
            "retention_years": "6",
            "report_retention_months": "12",
        },
    )
    assert response.status_code == 302
    assert (
        CaseSettings.objects.get(partnership__slug="newcastle-under-lyme").conclusion_calendar_days
        == 21
    )
    after = recorded()
    before.refresh_from_db()
    assert before.conclusion_due == before.received + timedelta(days=28)
    assert after.conclusion_due == after.received + timedelta(days=21)
    bad = admin.post("/manage/deadlines", {"acknowledgement_working_days": "soon"})
    assert bad.status_code == 400 and "whole number" in bad.content.decode()


def test_letter_wording_is_used_by_the_next_letter(client_for) -> None:
    admin = client_for("admin@nul.example")
    response = admin.post(
        "/manage/letter-wording",
        {
            "signatory": "Jo Bloggs, Independent Chair",
            "met_next_steps": "We will be in touch.",
            "not_met_other_help": "Call the council's ASB team on 01782 111111.",
            "closing": "Thank you.",
        },
    )
    assert response.status_code == 302
    html = case_at("decided", met=False).letters.get().html
    assert "Jo Bloggs, Independent Chair" in html
    assert "Call the council&#39;s ASB team" in html


def test_only_admins_manage_case_rules(client_for) -> None:
    pso = client_for("pso@nul.example")
    for path in ("/manage/threshold-policy", "/manage/deadlines", "/manage/letter-wording"):
        assert pso.get(path).status_code == 403
