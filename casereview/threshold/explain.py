"""The explanation: plain English a Chair could paste into a letter.

It reads the evaluation's rules and exclusion reasons; it decides nothing itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from casereview.threshold.model import Policy, Reason, RuleResult

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
# Exclusion phrases that change more than their verb between one complaint and several.
_PHRASES: dict[Reason, tuple[str, str]] = {
    "not_relevant_body": (
        "was made to an organisation that is not a relevant body",
        "were made to organisations that are not relevant bodies",
    ),
    "same_incident": ("repeats an incident already counted", "repeat incidents already counted"),
}


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


# --- the rules -------------------------------------------------------------------------------


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


def _optional_rule_sentence(rule: RuleResult, qualifying: int) -> str:
    if rule.rule == "hate_incident":
        return _hate_sentence(rule)
    return _community_sentence(rule, qualifying)


def _rules_sentences(received: date, policy: Policy, rules: Sequence[RuleResult]) -> list[str]:
    complaints = _complaints_sentence(received, policy, rules[0])
    if len(rules) == 1:
        return [f"{complaints}, so the threshold is {'met' if rules[0].met else 'not met'}."]
    optional = [_optional_rule_sentence(rule, rules[0].count) for rule in rules[1:]]
    return [f"{complaints}.", *optional, _verdict(rules)]


# --- the exclusions --------------------------------------------------------------------------


def _predicate(reason: Reason, n: int, policy: Policy) -> str:
    if reason in _PHRASES:
        return _PHRASES[reason][0 if n == 1 else 1]
    was = "was" if n == 1 else "were"
    if reason == "reported_late":
        within = _counted(policy.report_within_months, "month")
        return f"{was} reported more than {within} after the behaviour"
    return f"{was} made before the {_number(policy.window_months)}-month window"


def _why_excluded(reasons: Sequence[Reason], policy: Policy) -> str:
    tally = Counter(reasons)  # in order of first mention
    if len(tally) == 1:
        pronoun = "it" if len(reasons) == 1 else "they"
        return f"{pronoun} {_predicate(reasons[0], len(reasons), policy)}"
    return _join([f"{_number(n)} {_predicate(reason, n, policy)}" for reason, n in tally.items()])


def _exclusions_sentence(reasons: Sequence[Reason], policy: Policy) -> str | None:
    if not reasons:
        return None
    verb = "does not count" if len(reasons) == 1 else "do not count"
    head = _capital(_counted(len(reasons), "complaint"))
    return f"{head} {verb}: {_why_excluded(reasons, policy)}."


def explain(
    received: date, policy: Policy, rules: Sequence[RuleResult], excluded: Sequence[Reason]
) -> str:
    """Plain English a Chair could paste into a letter; exclusions in order of first mention."""
    sentences = _rules_sentences(received, policy, rules)
    exclusions = _exclusions_sentence(excluded, policy)
    if exclusions is not None:
        sentences.append(exclusions)
    return " ".join(sentences)
