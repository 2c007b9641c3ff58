"""The threshold engine: exactly the contract of THRESHOLD.md, with no framework.

The engine recommends; the Chair decides. The application page, the JSON API and the command
line all call this module, so their answers cannot drift apart. It is the one entry point:
the work is done in ``parse`` (input to typed values, or a ``ThresholdInputError``),
``evaluate`` (the rule), ``explain`` (the plain-English reasons) and ``months`` (the month
arithmetic), over the values in ``model``.
"""

from __future__ import annotations

from typing import Any

from casereview.threshold.evaluate import evaluate_parsed
from casereview.threshold.model import (
    EXCLUSION_REASONS,
    Complaint,
    Exclusion,
    Policy,
    Reason,
    Result,
    RuleName,
    RuleResult,
    ThresholdInputError,
)
from casereview.threshold.months import add_months
from casereview.threshold.parse import parse

__all__ = [
    "EXCLUSION_REASONS",
    "Complaint",
    "Exclusion",
    "Policy",
    "Reason",
    "Result",
    "RuleName",
    "RuleResult",
    "ThresholdInputError",
    "add_months",
    "evaluate",
    "evaluate_parsed",
    "parse",
]


def evaluate(data: object) -> dict[str, Any]:
    """Validate and evaluate input JSON (already decoded); return the output JSON as a dict.

    Raises ``ThresholdInputError`` when the input breaks the contract.
    """
    received, policy, complaints = parse(data)
    return evaluate_parsed(received, policy, complaints).to_json()
