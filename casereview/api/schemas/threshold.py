"""The threshold engine's output (THRESHOLD.md), as evaluated or as the Chair saw it."""

from ninja import Schema

from casereview.threshold.engine import Reason, RuleName


class RuleOut(Schema):
    rule: RuleName
    met: bool
    count: int
    required: int


class ExclusionOut(Schema):
    id: str
    reason: Reason


class ThresholdOut(Schema):
    met: bool
    # Defaults only for decisions the load-test seeder stores with `met` and `explanation`
    # alone; the engine always gives all five.
    rules: list[RuleOut] = []
    qualifying: list[str] = []
    excluded: list[ExclusionOut] = []
    explanation: str
