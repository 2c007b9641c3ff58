"""The engine's typed values: the input error, the policy and complaints, and the result.

Parsing, evaluation and explanation all speak in these, so none of them needs another's
internals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

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
        # Here rather than in parsing, so a policy built from a stored version is checked too.
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
