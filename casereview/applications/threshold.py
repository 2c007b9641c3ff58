"""The engine's recommendation for a stored application, and its line-by-line reading."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from casereview.applications.models import Application, Complaint
from casereview.core.wording import counted
from casereview.partnerships.models import DUTY_BEGAN, ThresholdPolicyVersion
from casereview.partnerships.selectors import policy_version_in_effect
from casereview.threshold.engine import Complaint as EngineComplaint
from casereview.threshold.engine import Policy, Result, add_months, evaluate_parsed


def policy_version_for(application: Application) -> ThresholdPolicyVersion:
    """The version in effect on the received date. A partnership that never set one works
    under the statutory rule, recorded as a version from when the duty began."""
    version = policy_version_in_effect(application.partnership_id, application.received)
    if version is None:
        version, _ = ThresholdPolicyVersion.objects.get_or_create(
            partnership_id=application.partnership_id, effective_from=DUTY_BEGAN
        )
    return version


def _engine_complaints(complaints: list[Complaint]) -> list[EngineComplaint]:
    return [
        EngineComplaint(
            id=c.key,
            behaviour_date=c.behaviour_date,
            reported_date=c.reported_date,
            agency=c.agency_slug,
            relevant_body=c.relevant_body,
            reporter=c.reporter,
            same_incident_as=c.same_incident_as or None,
            hate=c.hate,
        )
        for c in complaints
    ]


def evaluate_application(
    application: Application, policy: Policy, complaints: list[Complaint] | None = None
) -> Result:
    rows = complaints if complaints is not None else list(application.complaints.all())
    return evaluate_parsed(application.received, policy, _engine_complaints(rows))


@dataclass(frozen=True)
class ComplaintLine:
    complaint: Complaint
    qualifies: bool
    reason: str


def _why_not(reason: str, c: Complaint, policy: Policy, received: date) -> str:
    if reason == "not_relevant_body":
        where = c.agency.name if c.agency else "another organisation"
        return f"Does not count: {where} is not a relevant body for case reviews"
    if reason == "reported_late":
        months = (
            "a month"
            if policy.report_within_months == 1
            else (f"{policy.report_within_months} months")
        )
        limit = add_months(c.behaviour_date, policy.report_within_months)
        return (
            f"Does not count: reported more than {months} after the behaviour "
            f"(by {limit.day} {limit:%B %Y})"
        )
    if reason == "outside_window":
        start = add_months(received, -policy.window_months)
        return (
            f"Does not count: reported before {start.day} {start:%B %Y}, more than "
            f"{counted(policy.window_months, 'month')} before the application"
        )
    if reason == "same_incident":
        return (
            "Does not count separately: the same incident as another complaint, which counts once"
        )
    return "Does not count"


def complaint_lines(
    complaints: list[Complaint], output: dict[str, Any], policy: Policy, received: date
) -> list[ComplaintLine]:
    reasons = {e["id"]: e["reason"] for e in output.get("excluded", [])}
    return [
        ComplaintLine(c, True, "Counts towards the threshold")
        if c.key not in reasons
        else ComplaintLine(c, False, _why_not(reasons[c.key], c, policy, received))
        for c in complaints
    ]


@dataclass(frozen=True)
class Recommendation:
    """What the page shows: the output (live until decided, then what the Chair saw)."""

    output: dict[str, Any]
    policy: Policy
    lines: list[ComplaintLine]
    decided: bool


def _in_effect(versions: list[ThresholdPolicyVersion], on: date) -> ThresholdPolicyVersion | None:
    applicable = [v for v in versions if v.effective_from <= on]
    return max(applicable, key=lambda v: v.effective_from, default=None)


def recommendation_for(
    application: Application,
    complaints: list[Complaint],
    versions: list[ThresholdPolicyVersion] | None = None,
) -> Recommendation:
    """`versions`: the partnership's policy versions, when the caller has them already."""
    decision = getattr(application, "decision", None)
    if decision is not None:
        policy = decision.policy_version.to_policy()
        output = decision.engine_output
    else:
        version = (
            _in_effect(versions, application.received)
            if versions is not None
            else policy_version_in_effect(application.partnership_id, application.received)
        )
        policy = version.to_policy() if version else Policy()
        output = evaluate_application(application, policy, complaints).to_json()
    lines = complaint_lines(complaints, output, policy, application.received)
    return Recommendation(output, policy, lines, decision is not None)
