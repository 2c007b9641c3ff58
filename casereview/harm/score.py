"""Scoring: the sum of the weights of the answers given, the level from the cut-offs, the
answers that drove it (largest first) and the reason in plain words."""

from __future__ import annotations

from casereview.harm.model import (
    FLAG_NAMES,
    Answers,
    Driver,
    Policy,
    Result,
    plain_words,
    weight_keys,
)

_LEVEL_WORDS = {"standard": "Standard", "medium": "Medium", "high": "High"}


def _points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


def score(answers: Answers, policy: Policy) -> Result:
    given = [
        f"persistence.{answers.persistence}",
        *(name for name in FLAG_NAMES if name in answers.flags),
        f"response.{answers.response}",
    ]
    order = {key: i for i, key in enumerate(weight_keys())}
    drivers = tuple(
        sorted(
            (
                Driver(key=key, points=policy.weights[key], words=plain_words(key))
                for key in given
                if policy.weights[key] > 0
            ),
            key=lambda d: (-d.points, order[d.key]),
        )
    )
    points = sum(d.points for d in drivers)
    level = policy.level_of(points)
    cut_offs = f"medium from {policy.medium_from}, high from {policy.high_from}"
    if drivers:
        reasons = "; ".join(d.words for d in drivers)
        why = f"What drove it: {reasons}."
    else:
        why = "No answer added points."
    explanation = (
        f"{_LEVEL_WORDS[level]} harm: {_points(points)} ({cut_offs}) under version "
        f"{policy.version} of the harm scoring policy. {why}"
    )
    return Result(
        level=level,
        points=points,
        policy_version=policy.version,
        drivers=drivers,
        explanation=explanation,
    )
