"""`case_at` builds each stage of the process as the product records it: the status a user
sees, and the decision, requests, contributions, meeting, minutes, letters and appeal."""

from typing import Any

import pytest
from builders import STAGES, case_at, stage_of
from django.utils import timezone

from casereview.applications.models import Application, Status
from casereview.core.models import AuditEntry

# What each stage adds, as `_seen` reports it; before its stage a record is absent.
ADDED_AT: dict[str, tuple[str, Any]] = {
    "decision": ("decided", True),
    "letters": ("decided", ["acknowledgement"]),
    "asked": ("asked", ["council", "fire", "health", "housing", "police"]),
    "contributed": ("contributed", ["council", "housing", "police"]),
    "meeting": ("met", ["council", "fire", "health", "housing", "police"]),
    "minutes": ("minuted", (True, ["Install CCTV"], [("Patrol Friday nights", "police")])),
    "conclusion": ("concluded", "A plan is agreed."),
    "appeal": ("appealed", "conclusion"),
}
STATUS = {
    "received": Status.RECEIVED,
    "decided": Status.THRESHOLD_MET,
    "asked": Status.IN_REVIEW,
    "contributed": Status.IN_REVIEW,
    "met": Status.IN_REVIEW,
    "minuted": Status.REVIEWED,
    "concluded": Status.CONCLUDED,
    "appealed": Status.APPEALED,
}
EMPTY: dict[str, Any] = {
    "decision": None,
    "letters": [],
    "asked": [],
    "contributed": [],
    "meeting": None,
    "minutes": None,
    "conclusion": None,
    "appeal": None,
}


def _minutes(application: Application) -> tuple[bool, list[str], list[tuple[str, str]]] | None:
    minutes = application.minutes.order_by("-version").first()
    if minutes is None:
        return None
    recommendations = [r.text for r in minutes.recommendations.all()]
    actions = [(a.text, a.agency.slug) for a in minutes.actions.select_related("agency")]
    return minutes.approved, recommendations, actions


def _seen(application: Application) -> dict[str, Any]:
    """The case's records as its pages show them."""
    requests = application.partner_requests.select_related("agency").order_by("agency__slug")
    meeting = getattr(application, "meeting", None)
    conclusion = getattr(application, "conclusion", None)
    appeal = getattr(application, "appeal", None)
    decision = getattr(application, "decision", None)
    return {
        "decision": decision.met if decision else None,
        "letters": [letter.kind for letter in application.letters.order_by("pk")],
        "asked": [r.agency.slug for r in requests],
        "contributed": [r.agency.slug for r in requests if hasattr(r, "contribution")],
        "meeting": sorted(a.slug for a in meeting.agencies.all()) if meeting else None,
        "minutes": _minutes(application),
        "conclusion": conclusion.summary if conclusion else None,
        "appeal": appeal.against.kind if appeal else None,
    }


def _expected(stage: str) -> dict[str, Any]:
    reached = STAGES[: STAGES.index(stage) + 1]
    expected = {k: v for k, (at, v) in ADDED_AT.items() if at in reached}
    if "concluded" in reached:
        expected["letters"] = ["acknowledgement", "conclusion"]
    return {**EMPTY, **expected}


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_has_the_status_and_records_a_user_would_see(demo, stage) -> None:
    application = case_at(stage)
    assert application.status == STATUS[stage]
    assert _seen(application) == _expected(stage)
    assert stage_of(application) == stage


def test_the_conclusion_letter_carries_the_plan(demo) -> None:
    application = case_at("concluded")
    letter = application.letters.get(kind="conclusion")
    assert "A plan is agreed." in letter.html
    assert "Install CCTV" in letter.html and "Patrol Friday nights" in letter.html
    assert application.meeting.starts_at <= timezone.now()


def test_a_case_carries_on_from_its_stage_and_each_step_is_audited(demo) -> None:
    application = case_at("received")
    for stage in STAGES[1:]:
        before = AuditEntry.objects.count()
        case_at(stage, application=application)
        assert stage_of(application) == stage
        assert AuditEntry.objects.count() > before, stage
    assert _seen(application) == _expected("appealed")


def test_a_case_not_met_can_only_be_appealed(demo) -> None:
    decided = case_at("decided", met=False)
    assert decided.status == Status.THRESHOLD_NOT_MET
    assert _seen(decided) == {**EMPTY, "decision": False, "letters": ["acknowledgement"]}
    appealed = case_at("appealed", application=decided)
    assert appealed.status == Status.APPEALED
    assert appealed.appeal.against.kind == "acknowledgement"
    with pytest.raises(ValueError, match="never reaches 'asked'"):
        case_at("asked", met=False)


def test_the_options_choose_the_partnership_agencies_and_plan(demo) -> None:
    application = case_at(
        "minuted",
        by="pso@sta.example",
        asked=["council", "fire"],
        contributing=[],
        recommendations=[],
        actions=["Mediation"],
        plan_for="housing",
        approve_minutes=False,
        complaints=[],
    )
    assert application.partnership.slug == "stafford"
    assert application.decision.decided_by.email == "chair@sta.example"
    seen = _seen(application)
    assert seen["asked"] == seen["meeting"] == ["council", "fire"]
    assert seen["contributed"] == []
    assert seen["minutes"] == (False, [], [("Mediation", "housing")])
