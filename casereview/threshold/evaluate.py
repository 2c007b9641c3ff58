"""The threshold rule itself: which complaints qualify, and which rules they meet.

Step by step as THRESHOLD.md's "Evaluation" section: each complaint's first exclusion reason,
then one qualifying complaint per incident, then the enabled rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from casereview.threshold.explain import explain
from casereview.threshold.model import (
    Complaint,
    Exclusion,
    Policy,
    Reason,
    Result,
    RuleName,
    RuleResult,
)
from casereview.threshold.months import add_months_clamped
from casereview.threshold.parse import check_complaints


def _first_reason(c: Complaint, policy: Policy, window_start: date) -> Reason | None:
    if not c.relevant_body:
        return "not_relevant_body"
    if c.reported_date > add_months_clamped(c.behaviour_date, policy.report_within_months):
        return "reported_late"
    if c.reported_date < window_start:
        return "outside_window"
    return None


# --- incidents: complaints joined by same_incident_as ----------------------------------------


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _incident_roots(complaints: Sequence[Complaint]) -> list[int]:
    """Each complaint's incident, as the index of one member (a union-find over the links)."""
    parent = list(range(len(complaints)))
    index_of = {c.id: i for i, c in enumerate(complaints)}
    for i, c in enumerate(complaints):
        if c.same_incident_as is not None:
            a, b = _root(parent, i), _root(parent, index_of[c.same_incident_as])
            parent[max(a, b)] = min(a, b)
    return [_root(parent, i) for i in range(len(complaints))]


def _incidents(complaints: Sequence[Complaint]) -> list[list[int]]:
    """Group complaint indexes joined by same_incident_as links, in either direction."""
    groups: dict[int, list[int]] = {}
    for i, root in enumerate(_incident_roots(complaints)):
        groups.setdefault(root, []).append(i)
    return list(groups.values())


def _repeats(complaints: Sequence[Complaint], survivors: list[int]) -> list[int]:
    """All but the survivor reported first (ties: the earliest in input order)."""
    first = min(survivors, key=lambda i: (complaints[i].reported_date, i), default=None)
    return [i for i in survivors if i != first]


def _mark_repeats(
    complaints: Sequence[Complaint], reasons: list[Reason | None]
) -> list[Reason | None]:
    marked = list(reasons)
    for members in _incidents(complaints):
        for i in _repeats(complaints, [i for i in members if reasons[i] is None]):
            marked[i] = "same_incident"
    return marked


# --- the rules -------------------------------------------------------------------------------


def _rule(name: RuleName, count: int, required: int) -> RuleResult:
    return RuleResult(rule=name, met=count >= required, count=count, required=required)


def _rules(policy: Policy, qualifying: Sequence[Complaint]) -> tuple[RuleResult, ...]:
    rules = [_rule("complaints", len(qualifying), policy.min_complaints)]
    if policy.hate_incident_rule:
        rules.append(_rule("hate_incident", sum(c.hate for c in qualifying), 1))
    if policy.community_min_reporters is not None:
        reporters = len({c.reporter for c in qualifying})
        rules.append(_rule("community", reporters, policy.community_min_reporters))
    return tuple(rules)


def _reasons(
    complaints: Sequence[Complaint], policy: Policy, window_start: date
) -> list[Reason | None]:
    """Each complaint's reason not to count, or None when it qualifies."""
    return _mark_repeats(complaints, [_first_reason(c, policy, window_start) for c in complaints])


def _sort_out(
    complaints: Sequence[Complaint], reasons: Sequence[Reason | None]
) -> tuple[list[Complaint], tuple[Exclusion, ...]]:
    """The qualifying complaints, and the others with their reasons, each in input order."""
    pairs = list(zip(complaints, reasons, strict=True))
    qualifying = [c for c, reason in pairs if reason is None]
    return qualifying, tuple(Exclusion(c.id, reason) for c, reason in pairs if reason is not None)


def evaluate_parsed(received: date, policy: Policy, complaints: Sequence[Complaint]) -> Result:
    """Evaluate typed input. Raises ``ThresholdInputError`` as ``parse`` would."""
    check_complaints(received, complaints)
    window_start = add_months_clamped(received, -policy.window_months)
    qualifying, excluded = _sort_out(complaints, _reasons(complaints, policy, window_start))
    rules = _rules(policy, qualifying)
    return Result(
        met=any(rule.met for rule in rules),
        rules=rules,
        qualifying=tuple(c.id for c in qualifying),
        excluded=excluded,
        explanation=explain(received, policy, rules, [e.reason for e in excluded]),
        window_start=window_start,
    )
