"""A person's reports counted by the threshold engine, exactly as if they were the complaints
of an application received today, under the partnership's policy in effect today (FEEDS.md §4).

Nothing here re-states the rule: it builds the engine's input from the reports and reads the
engine's result. What the engine cannot know is settled first: a withdrawn report counts for
nothing and is left out, and reports of one person to *different* agencies about the same day's
behaviour are joined by `same_incident_as`, so the engine counts that incident once.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from casereview.feeds.models import RadarStage, Report, ReportStatus
from casereview.partnerships.models import Agency
from casereview.partnerships.selectors import policy_version_in_effect
from casereview.threshold.engine import Complaint as EngineComplaint
from casereview.threshold.engine import Policy, Result, add_months, evaluate_parsed

# Why a report was not given to the engine at all.
WITHDRAWN = "withdrawn"
NOT_YET = "reported_after_today"


def policy_today(partnership_id: int, today: date) -> Policy:
    """The partnership's policy in effect today, chosen as `applications.threshold` chooses it
    for an application received today; the statutory rule when it never set one."""
    version = policy_version_in_effect(partnership_id, today)
    return version.to_policy() if version is not None else Policy()


def window_start(policy: Policy, today: date) -> date:
    """The first day a report can qualify: the engine's own month arithmetic."""
    return add_months(today, -policy.window_months)


@dataclass(frozen=True, slots=True)
class ReportRow:
    """What counting and the radar list read of a report, loaded as plain values: the list
    counts every person in the window at once, and model instances cost more than the rule."""

    pk: int
    agency_id: int
    agency: Agency
    agency_reference: str
    reported_on: date
    behaviour_on: date
    status: str
    hate_related: bool
    first_name: str
    surname: str
    person_id: int


AnyReport = Report | ReportRow


def _key(report: AnyReport) -> str:
    return f"r{report.pk}"


def engine_input(reports: Sequence[AnyReport], today: date) -> list[EngineComplaint]:
    """The complaints an application received today would hold: every report not withdrawn
    and not dated after today, in the order reported, one incident told to several agencies
    joined to its first report."""
    counted = sorted(
        (r for r in reports if r.status != ReportStatus.WITHDRAWN and r.reported_on <= today),
        key=lambda r: (r.reported_on, r.pk),
    )
    by_day: dict[date, list[AnyReport]] = {}
    for report in counted:
        by_day.setdefault(report.behaviour_on, []).append(report)
    joined: dict[int, str] = {}
    for same_day in by_day.values():
        # Reports to one agency about one day stay separate incidents; once two agencies heard
        # of that day, every report of it is one incident (each has a partner elsewhere).
        if len({r.agency_id for r in same_day}) > 1:
            first = same_day[0]
            for other in same_day[1:]:
                joined[other.pk] = _key(first)
    return [
        EngineComplaint(
            id=_key(r),
            behaviour_date=r.behaviour_on,
            reported_date=r.reported_on,
            agency=r.agency.slug,
            relevant_body=r.agency.relevant_body,
            reporter="applicant",
            same_incident_as=joined.get(r.pk),
            hate=r.hate_related,
        )
        for r in counted
    ]


@dataclass(frozen=True)
class ReportLine:
    """One report as the radar reads it: whether it qualifies, and the engine's reason if not
    (or `withdrawn` / `reported_after_today`, which the engine is never shown)."""

    report: AnyReport
    qualifies: bool
    reason: str


@dataclass(frozen=True)
class Counted:
    result: Result
    lines: list[ReportLine]

    @property
    def qualifying(self) -> int:
        return len(self.result.qualifying)

    @property
    def stage(self) -> str | None:
        """`threshold_met` or `second_report`, for a person with at least two qualifying
        reports (FEEDS.md §3); None otherwise."""
        if self.qualifying < 2:
            return None
        return RadarStage.THRESHOLD_MET if self.result.met else RadarStage.SECOND_REPORT

    @property
    def qualifying_reports(self) -> list[AnyReport]:
        return [line.report for line in self.lines if line.qualifies]


def count_reports(reports: Iterable[AnyReport], policy: Policy, today: date) -> Counted:
    """Evaluate one person's reports (each with its `agency` loaded)."""
    rows = list(reports)
    complaints = engine_input(rows, today)
    result = evaluate_parsed(today, policy, complaints)
    reasons = {e.id: e.reason for e in result.excluded}
    qualifying = set(result.qualifying)
    lines = []
    for report in sorted(rows, key=lambda r: (r.reported_on, r.pk)):
        key = _key(report)
        if report.status == ReportStatus.WITHDRAWN:
            lines.append(ReportLine(report, False, WITHDRAWN))
        elif report.reported_on > today:
            lines.append(ReportLine(report, False, NOT_YET))
        else:
            lines.append(ReportLine(report, key in qualifying, str(reasons.get(key, ""))))
    return Counted(result, lines)


WHY_NOT = {
    "not_relevant_body": "Does not count: the agency is not a relevant body for case reviews",
    "reported_late": "Does not count: reported too long after the behaviour",
    "outside_window": "Does not count: reported before the window of the policy",
    "same_incident": "Counted once: the same incident was reported to another agency",
    WITHDRAWN: "Does not count: withdrawn",
    NOT_YET: "Does not count yet: dated after today",
}


def why_not(line: ReportLine, policy: Policy, today: date) -> str:
    if line.qualifies:
        return "Counts"
    if line.reason == "reported_late":
        months = (
            "a month"
            if policy.report_within_months == 1
            else (f"{policy.report_within_months} months")
        )
        return f"Does not count: reported more than {months} after the behaviour"
    if line.reason == "outside_window":
        start = window_start(policy, today)
        return f"Does not count: reported before {start.day} {start:%B %Y}"
    return WHY_NOT.get(line.reason, "Does not count")
