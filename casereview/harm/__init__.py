"""The harm assessment's scoring rule (docs/harm.md): a pure, framework-free score of the
victim's answers under a versioned policy. `model` holds the typed values, `parse` reads JSON
into them, `score` applies the policy and words the result."""

from casereview.harm.model import (
    DEFAULT_POLICY,
    FLAGS,
    LEVELS,
    PERSISTENCE,
    RESPONSE,
    Answers,
    Driver,
    HarmInputError,
    Level,
    Policy,
    Result,
    level_rank,
)
from casereview.harm.parse import parse_answers, parse_policy
from casereview.harm.score import score

__all__ = [
    "DEFAULT_POLICY",
    "FLAGS",
    "LEVELS",
    "PERSISTENCE",
    "RESPONSE",
    "Answers",
    "Driver",
    "HarmInputError",
    "Level",
    "Policy",
    "Result",
    "level_rank",
    "parse_answers",
    "parse_policy",
    "score",
]
