"""The threshold engine: exactly the contract of THRESHOLD.md, with no framework.

The engine recommends; the Chair decides. The application page, the JSON API and the command
line all call this module, so their answers cannot drift apart.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, Literal, NoReturn

Reason = Literal["not_relevant_body", "reported_late", "outside_window", "same_incident"]
RuleName = Literal["complaints", "hate_incident", "community"]

#: Every exclusion reason, in the order the evaluation considers them.
EXCLUSION_REASONS: tuple[Reason, ...] = (
    "not_relevant_body",
    "reported_late",
    "outside_window",
    "same_incident",
)


class ThresholdInputError(ValueError):
    """The input breaks the contract; nothing was evaluated.

    ``str(error)`` is a sentence for a person; ``field`` is a dotted path into the input
    (``complaints[2].reported_date``, ``policy.window_months``, ``received``; ``""`` for the
    input as a whole) for an API's ``errors`` list.
    """

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --- month arithmetic ------------------------------------------------------------------------


def add_months(d: date, n: int) -> date:
    """Return ``d`` plus ``n`` months (``n`` may be negative).

    The day of the month is kept, clamped to the last day of a shorter target month
    (31 January + 1 month is 28 or 29 February). Raises ``OverflowError`` outside the years
    ``date`` supports, as ``date + timedelta`` does.
    """
    year, month_index = divmod(d.year * 12 + d.month - 1 + n, 12)
    if not date.min.year <= year <= date.max.year:
        raise OverflowError(f"{d.isoformat()} plus {n} months is out of range")
    month = month_index + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _add_months_clamped(d: date, n: int) -> date:
    # A bound beyond the calendar admits everything on that side, so the calendar's edge
    # is an exact stand-in for it.
    try:
        return add_months(d, n)
    except OverflowError:
        return date.max if n > 0 else date.min


# --- the typed model -------------------------------------------------------------------------

_POLICY_COUNTS = ("min_complaints", "report_within_months", "window_months")


@dataclass(frozen=True)
class Policy:
    """A partnership's threshold rules. The defaults are the statutory rule."""

    min_complaints: int = 3
    report_within_months: int = 1
    window_months: int = 6
    hate_incident_rule: bool = False
    community_min_reporters: int | None = None

    def __post_init__(self) -> None:
        for name in (*_POLICY_COUNTS, "community_min_reporters"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ThresholdInputError(
                    f"policy.{name} must be at least 1, not {value}", f"policy.{name}"
                )


@dataclass(frozen=True)
class Complaint:
    """One report of anti-social behaviour to one organisation."""

    id: str
    behaviour_date: date
    reported_date: date
    agency: str
    relevant_body: bool = True
    reporter: str = "applicant"
    same_incident_as: str | None = None
    hate: bool = False


@dataclass(frozen=True)
class RuleResult:
    rule: RuleName
    met: bool
    count: int
    required: int

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "met": self.met, "count": self.count, "required": self.required}


@dataclass(frozen=True)
class Exclusion:
    id: str
    reason: Reason

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "reason": self.reason}


@dataclass(frozen=True)
class Result:
    """The engine's recommendation. ``to_json()`` is the output of THRESHOLD.md."""

    met: bool
    rules: tuple[RuleResult, ...]
    qualifying: tuple[str, ...]
    excluded: tuple[Exclusion, ...]
    explanation: str
    window_start: date

    def to_json(self) -> dict[str, Any]:
        return {
            "met": self.met,
            "rules": [rule.to_json() for rule in self.rules],
            "qualifying": list(self.qualifying),
            "excluded": [exclusion.to_json() for exclusion in self.excluded],
            "explanation": self.explanation,
        }


# --- parsing and validation ------------------------------------------------------------------

_MISSING: Any = object()
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_POLICY_KEYS = tuple(f.name for f in fields(Policy))


@dataclass(frozen=True)
class _Where:
    """Where a value sits: ``path`` builds the error's field, ``prefix`` its sentence."""

    path: str
    prefix: str

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, complaint: str) -> NoReturn:
        raise ThresholdInputError(f"{self.prefix}{key} {complaint}", self.field(key))


_TOP = _Where("", "")
_POLICY = _Where("policy", "policy.")


def _complaint_where(index: int, complaint_id: str) -> _Where:
    return _Where(f"complaints[{index}]", f"complaint {_quote(complaint_id)}: ")


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _show(value: object) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _date(raw: Mapping[str, Any], key: str, where: _Where) -> date:
    value = raw.get(key, _MISSING)
    if value is _MISSING:
        where.fail(key, "is required")
    # Django code may hand over dates it already holds; a datetime is not a date here.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    where.fail(key, f"must be a real date in the form YYYY-MM-DD, not {_show(value)}")


def _text(raw: Mapping[str, Any], key: str, where: _Where, default: str | None = None) -> str:
    value = raw.get(key, _MISSING)
    if value is _MISSING:
        if default is None:
            where.fail(key, "is required")
        return default
    if not isinstance(value, str) or not value:
        where.fail(key, f"must be a non-empty string, not {_show(value)}")
    return value


def _reference(raw: Mapping[str, Any], key: str, where: _Where) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    return _text(raw, key, where)


def _flag(raw: Mapping[str, Any], key: str, where: _Where, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        where.fail(key, f"must be true or false, not {_show(value)}")
    return value


def _is_whole(value: object) -> bool:
    # bool is an int subclass, but "true complaints" is a mistake, not a number.
    return isinstance(value, int) and not isinstance(value, bool)


def _count(raw: Mapping[str, Any], key: str, default: int) -> int:
    value = raw.get(key, default)
    if not _is_whole(value):
        _POLICY.fail(key, f"must be a whole number, not {_show(value)}")
    return int(value)


def _optional_count(raw: Mapping[str, Any], key: str) -> int | None:
    return None if raw.get(key) is None else _count(raw, key, 0)


def _parse_policy(raw: object) -> Policy:
    if raw is None or raw is _MISSING:
        return Policy()
    if not isinstance(raw, Mapping):
        _TOP.fail("policy", f"must be an object, not {_show(raw)}")
    for key in raw:
        # A misspelt setting silently ignored would give the Chair a wrong recommendation.
        if key not in _POLICY_KEYS:
            _POLICY.fail(str(key), f"is not a policy setting (expected {', '.join(_POLICY_KEYS)})")
    defaults = Policy()
    return Policy(
        min_complaints=_count(raw, "min_complaints", defaults.min_complaints),
        report_within_months=_count(raw, "report_within_months", defaults.report_within_months),
        window_months=_count(raw, "window_months", defaults.window_months),
        hate_incident_rule=_flag(raw, "hate_incident_rule", _POLICY, defaults.hate_incident_rule),
        community_min_reporters=_optional_count(raw, "community_min_reporters"),
    )


def _parse_complaint(raw: object, index: int) -> Complaint:
    path = f"complaints[{index}]"
    if not isinstance(raw, Mapping):
        _TOP.fail(path, f"must be an object, not {_show(raw)}")
    complaint_id = _text(raw, "id", _Where(path, f"{path}."))
    where = _complaint_where(index, complaint_id)
    return Complaint(
        id=complaint_id,
        behaviour_date=_date(raw, "behaviour_date", where),
        reported_date=_date(raw, "reported_date", where),
        agency=_text(raw, "agency", where),
        relevant_body=_flag(raw, "relevant_body", where, default=True),
        reporter=_text(raw, "reporter", where, default="applicant"),
        same_incident_as=_reference(raw, "same_incident_as", where),
        hate=_flag(raw, "hate", where, default=False),
    )


def _parse_complaints(raw: object) -> list[Complaint]:
    if raw is _MISSING:
        _TOP.fail("complaints", "is required")
    if not isinstance(raw, list | tuple):
        _TOP.fail("complaints", f"must be a list, not {_show(raw)}")
    return [_parse_complaint(item, index) for index, item in enumerate(raw)]


def _check_dates(received: date, complaints: Sequence[Complaint]) -> None:
    for index, c in enumerate(complaints):
        where = _complaint_where(index, c.id)
        if c.reported_date < c.behaviour_date:
            where.fail(
                "reported_date",
                f"{c.reported_date} is before behaviour_date {c.behaviour_date}",
            )
        if c.reported_date > received:
            where.fail("reported_date", f"{c.reported_date} is after received {received}")


def _check_ids(complaints: Sequence[Complaint]) -> None:
    first_index: dict[str, int] = {}
    for index, c in enumerate(complaints):
        if c.id in first_index:
            where = _complaint_where(index, c.id)
            where.fail("id", f"is already used by complaints[{first_index[c.id]}]")
        first_index[c.id] = index
    for index, c in enumerate(complaints):
        where = _complaint_where(index, c.id)
        if c.same_incident_as == c.id:
            where.fail("same_incident_as", "names the complaint itself")
        if c.same_incident_as is not None and c.same_incident_as not in first_index:
            where.fail(
                "same_incident_as", f"{_quote(c.same_incident_as)} is not the id of a complaint"
            )


def _check_complaints(received: date, complaints: Sequence[Complaint]) -> None:
    _check_dates(received, complaints)
    _check_ids(complaints)


def parse(data: object) -> tuple[date, Policy, list[Complaint]]:
    """Validate input JSON (already decoded) as a whole and return its typed form.

    Raises ``ThresholdInputError`` for the first problem found: the input is refused whole.
    """
    if not isinstance(data, Mapping):
        raise ThresholdInputError(f"the input must be a JSON object, not {_show(data)}", "")
    received = _date(data, "received", _TOP)
    policy = _parse_policy(data.get("policy", _MISSING))
    complaints = _parse_complaints(data.get("complaints", _MISSING))
    _check_complaints(received, complaints)
    return received, policy, complaints


# --- evaluation ------------------------------------------------------------------------------


def _first_reason(c: Complaint, policy: Policy, window_start: date) -> Reason | None:
    if not c.relevant_body:
        return "not_relevant_body"
    if c.reported_date > _add_months_clamped(c.behaviour_date, policy.report_within_months):
        return "reported_late"
    if c.reported_date < window_start:
        return "outside_window"
    return None


def _incidents(complaints: Sequence[Complaint]) -> list[list[int]]:
    """Group complaint indexes joined by same_incident_as links, in either direction."""
    parent = list(range(len(complaints)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index_of = {c.id: i for i, c in enumerate(complaints)}
    for i, c in enumerate(complaints):
        if c.same_incident_as is not None:
            a, b = root(i), root(index_of[c.same_incident_as])
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(complaints)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _mark_repeats(
    complaints: Sequence[Complaint], reasons: list[Reason | None]
) -> list[Reason | None]:
    marked = list(reasons)
    for members in _incidents(complaints):
        survivors = [i for i in members if reasons[i] is None]
        if survivors:
            first = min(survivors, key=lambda i: (complaints[i].reported_date, i))
            for i in survivors:
                if i != first:
                    marked[i] = "same_incident"
    return marked


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


def evaluate_parsed(received: date, policy: Policy, complaints: Sequence[Complaint]) -> Result:
    """Evaluate typed input. Raises ``ThresholdInputError`` as ``parse`` would."""
    _check_complaints(received, complaints)
    window_start = _add_months_clamped(received, -policy.window_months)
    reasons = _mark_repeats(
        complaints, [_first_reason(c, policy, window_start) for c in complaints]
    )
    qualifying = [c for c, reason in zip(complaints, reasons, strict=True) if reason is None]
    excluded = tuple(
        Exclusion(c.id, reason)
        for c, reason in zip(complaints, reasons, strict=True)
        if reason is not None
    )
    rules = _rules(policy, qualifying)
    met = any(rule.met for rule in rules)
    return Result(
        met=met,
        rules=rules,
        qualifying=tuple(c.id for c in qualifying),
        excluded=excluded,
        explanation=_explain(received, policy, rules, [e.reason for e in excluded]),
        window_start=window_start,
    )


def evaluate(data: object) -> dict[str, Any]:
    """Validate and evaluate input JSON (already decoded); return the output JSON as a dict.

    Raises ``ThresholdInputError`` when the input breaks the contract.
    """
    received, policy, complaints = parse(data)
    return evaluate_parsed(received, policy, complaints).to_json()


# --- the explanation -------------------------------------------------------------------------

_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
# Spelt out so the letter never depends on the server's locale.
_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _number(n: int) -> str:
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def _counted(n: int, singular: str, plural: str | None = None) -> str:
    return f"{_number(n)} {singular if n == 1 else plural or singular + 's'}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _long_date(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month]} {d.year}"


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def _complaints_sentence(received: date, policy: Policy, rule: RuleResult) -> str:
    amount = "no qualifying complaints"
    if rule.count:
        amount = _counted(rule.count, "qualifying complaint")
    span = "month" if policy.window_months == 1 else _counted(policy.window_months, "month")
    return _capital(
        f"{amount} in the {span} before {_long_date(received)}"
        f" (the threshold is {_number(rule.required)})"
    )


def _hate_sentence(rule: RuleResult) -> str:
    if rule.count == 0:
        return (
            "No qualifying complaint is a hate incident (a single hate incident would be enough)."
        )
    verb = "is a hate incident" if rule.count == 1 else "are hate incidents"
    subject = _capital(_counted(rule.count, "qualifying complaint"))
    return f"{subject} {verb} (a single hate incident is enough)."


def _community_sentence(rule: RuleResult, qualifying: int) -> str:
    needed = _counted(rule.required, "reporter", "different reporters")
    needed = f"(the community threshold is {needed})"
    if rule.count == 0:
        return f"No reporter made a qualifying complaint {needed}."
    if rule.count == 1:
        made = "the qualifying complaint" if qualifying == 1 else "all the qualifying complaints"
        return f"One reporter made {made} {needed}."
    reporters = _capital(_counted(rule.count, "different reporter"))
    return f"{reporters} made the qualifying complaints {needed}."


def _ground(rule: RuleResult) -> str:
    if rule.rule == "complaints":
        return "the number of qualifying complaints"
    if rule.rule == "hate_incident":
        return "the hate incident" if rule.count == 1 else "the hate incidents"
    return "the number of different reporters"


def _verdict(rules: Sequence[RuleResult]) -> str:
    grounds = [_ground(rule) for rule in rules if rule.met]
    if grounds:
        return f"The threshold is met because of {_join(grounds)}."
    return "None of these is enough, so the threshold is not met."


def _rules_sentences(received: date, policy: Policy, rules: Sequence[RuleResult]) -> list[str]:
    complaints = _complaints_sentence(received, policy, rules[0])
    if len(rules) == 1:
        return [f"{complaints}, so the threshold is {'met' if rules[0].met else 'not met'}."]
    sentences = [f"{complaints}."]
    for rule in rules[1:]:
        if rule.rule == "hate_incident":
            sentences.append(_hate_sentence(rule))
        else:
            sentences.append(_community_sentence(rule, rules[0].count))
    return [*sentences, _verdict(rules)]


def _predicate(reason: Reason, n: int, policy: Policy) -> str:
    was = "was" if n == 1 else "were"
    if reason == "not_relevant_body":
        if n == 1:
            return "was made to an organisation that is not a relevant body"
        return "were made to organisations that are not relevant bodies"
    if reason == "reported_late":
        within = _counted(policy.report_within_months, "month")
        return f"{was} reported more than {within} after the behaviour"
    if reason == "outside_window":
        return f"{was} made before the {_number(policy.window_months)}-month window"
    return "repeats an incident already counted" if n == 1 else "repeat incidents already counted"


def _exclusions_sentence(reasons: Sequence[Reason], policy: Policy) -> str | None:
    if not reasons:
        return None
    tally: dict[Reason, int] = {}
    for reason in reasons:
        tally[reason] = tally.get(reason, 0) + 1
    head = _capital(_counted(len(reasons), "complaint"))
    head += " does not count: " if len(reasons) == 1 else " do not count: "
    if len(tally) == 1:
        pronoun = "it" if len(reasons) == 1 else "they"
        return f"{head}{pronoun} {_predicate(reasons[0], len(reasons), policy)}."
    parts = [f"{_number(n)} {_predicate(reason, n, policy)}" for reason, n in tally.items()]
    return f"{head}{_join(parts)}."


def _explain(
    received: date, policy: Policy, rules: Sequence[RuleResult], excluded: Sequence[Reason]
) -> str:
    """Plain English a Chair could paste into a letter; exclusions in order of first mention."""
    sentences = _rules_sentences(received, policy, rules)
    exclusions = _exclusions_sentence(excluded, policy)
    if exclusions is not None:
        sentences.append(exclusions)
    return " ".join(sentences)
