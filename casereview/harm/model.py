"""The harm rule's typed values: the answers, the policy (weights and cut-offs, versioned),
the result and the one error. The questions' wording lives here too, so every page, letter
and the API say the same thing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["standard", "medium", "high"]
LEVELS: tuple[Level, ...] = ("standard", "medium", "high")


def level_rank(level: str) -> int:
    """0 for standard, 1 for medium, 2 for high: for comparing two assessments."""
    return [str(name) for name in LEVELS].index(level)


#: How long the behaviour has gone on, least to most persistent: (value, label, plain words).
PERSISTENCE: tuple[tuple[str, str, str], ...] = (
    ("once", "Once, or a few times", "it has happened once or a few times"),
    ("weeks", "For weeks", "it has gone on for weeks"),
    ("months", "For months", "it has gone on for months"),
    ("year", "For a year or more", "it has gone on for a year or more"),
)

#: How well agencies have responded so far, best to worst: (value, label, plain words).
RESPONSE: tuple[tuple[str, str, str], ...] = (
    (
        "effective",
        "It has stopped or greatly reduced the behaviour",
        "agencies' response has worked",
    ),
    ("partial", "It has helped only in part", "agencies' response has helped only in part"),
    (
        "none",
        "Nothing has been done, or nothing has helped",
        "agencies have not acted, or nothing they did has helped",
    ),
)

#: The yes-or-no questions, by group: (name, label, plain words for an explanation).
FLAGS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "impact": (
        ("health", "It has affected their physical or mental health", "it affects their health"),
        ("sleep", "It disturbs their sleep", "it disturbs their sleep"),
        ("leaving_home", "They are afraid to leave home", "they are afraid to leave home"),
        (
            "work_or_school",
            "It has affected their work or schooling",
            "it affects their work or schooling",
        ),
        ("thoughts_of_moving", "They have thought of moving away", "they have thought of moving"),
    ),
    "vulnerability": (
        ("age", "Their age makes them more vulnerable", "their age makes them more vulnerable"),
        ("disability", "They have a disability", "they have a disability"),
        (
            "mental_health",
            "They have a mental health condition",
            "they have a mental health condition",
        ),
        ("isolation", "They live alone or are isolated", "they are isolated"),
        (
            "previous_victimisation",
            "They have been a victim of crime or ASB before",
            "they have been victimised before",
        ),
        (
            "hate_motivation",
            "They believe it is motivated by hate (race, religion, disability, sexual "
            "orientation or gender identity)",
            "it appears to be motivated by hate",
        ),
    ),
    "others": (
        (
            "others_affected",
            "Other adults in the household are affected",
            "others in the household are affected",
        ),
        ("children_affected", "Children are affected", "children are affected"),
    ),
}

FLAG_NAMES: tuple[str, ...] = tuple(name for group in FLAGS.values() for name, _, _ in group)


def weight_keys() -> tuple[str, ...]:
    """Every weight a policy sets, in the order the questions are asked."""
    return (
        *(f"persistence.{value}" for value, _, _ in PERSISTENCE),
        *FLAG_NAMES,
        *(f"response.{value}" for value, _, _ in RESPONSE),
    )


def plain_words(key: str) -> str:
    """What an answer means, as a Chair could write it in a letter."""
    group, _, value = key.partition(".")
    if group == "persistence":
        return next(words for v, _, words in PERSISTENCE if v == value)
    if group == "response":
        return next(words for v, _, words in RESPONSE if v == value)
    return next(words for g in FLAGS.values() for name, _, words in g if name == key)


class HarmInputError(ValueError):
    """Answers or a policy that break the contract; nothing was scored. ``field`` names the
    answer or weight (``persistence``, ``sleep``, ``weights.health``, ``high_from``)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Answers:
    """What the victim told the coordinator. ``flags`` holds the yes answers by name."""

    persistence: str
    response: str
    flags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.persistence not in {v for v, _, _ in PERSISTENCE}:
            raise HarmInputError("Select how long the behaviour has gone on", "persistence")
        if self.response not in {v for v, _, _ in RESPONSE}:
            raise HarmInputError("Select how well agencies have responded so far", "response")
        unknown = sorted(self.flags - set(FLAG_NAMES))
        if unknown:
            raise HarmInputError(f"{unknown[0]} is not a question of the assessment", unknown[0])

    def to_json(self) -> dict[str, Any]:
        return {
            "persistence": self.persistence,
            **{name: name in self.flags for name in FLAG_NAMES},
            "response": self.response,
        }


#: The ceiling on one weight and on a cut-off, so a mistyped number cannot swamp the rest.
MAX_WEIGHT = 20
MAX_CUT_OFF = 200


@dataclass(frozen=True)
class Policy:
    """A partnership's scoring policy: points per answer and the two cut-offs. Checked when
    built: every weight present, none negative, the persistence and response weights never
    falling as things get worse (so more harm never scores fewer points), and
    1 <= medium_from < high_from."""

    version: int
    weights: Mapping[str, int]
    medium_from: int
    high_from: int

    def __post_init__(self) -> None:
        keys = weight_keys()
        for key in keys:
            value = self.weights.get(key)
            if not isinstance(value, int) or isinstance(value, bool):
                raise HarmInputError(f"Enter the points for {key}", f"weights.{key}")
            if not 0 <= value <= MAX_WEIGHT:
                raise HarmInputError(
                    f"The points for {key} must be between 0 and {MAX_WEIGHT}", f"weights.{key}"
                )
        extra = sorted(set(self.weights) - set(keys))
        if extra:
            raise HarmInputError(f"{extra[0]} is not a weight of the policy", f"weights.{extra[0]}")
        for group, choices in (("persistence", PERSISTENCE), ("response", RESPONSE)):
            values = [self.weights[f"{group}.{v}"] for v, _, _ in choices]
            for (lower, _, _), (higher, _, _), a, b in zip(
                choices, choices[1:], values, values[1:], strict=False
            ):
                if b < a:
                    raise HarmInputError(
                        f"The points for {group}.{higher} must be at least those for "
                        f"{group}.{lower}: a worse answer never scores fewer points",
                        f"weights.{group}.{higher}",
                    )
        if not 1 <= self.medium_from <= MAX_CUT_OFF:
            raise HarmInputError(
                f"Medium harm from must be between 1 and {MAX_CUT_OFF}", "medium_from"
            )
        if not self.medium_from < self.high_from <= MAX_CUT_OFF:
            raise HarmInputError(
                f"High harm from must be more than medium harm from ({self.medium_from}) and "
                f"at most {MAX_CUT_OFF}",
                "high_from",
            )
        if self.version < 1:
            raise HarmInputError("The version must be 1 or more", "version")

    def level_of(self, points: int) -> Level:
        if points >= self.high_from:
            return "high"
        if points >= self.medium_from:
            return "medium"
        return "standard"

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "weights": {key: self.weights[key] for key in weight_keys()},
            "medium_from": self.medium_from,
            "high_from": self.high_from,
        }


#: Version 1, shipped with the product and published in docs/harm.md.
DEFAULT_POLICY = Policy(
    version=1,
    weights={
        "persistence.once": 0,
        "persistence.weeks": 1,
        "persistence.months": 2,
        "persistence.year": 3,
        "health": 2,
        "sleep": 1,
        "leaving_home": 2,
        "work_or_school": 1,
        "thoughts_of_moving": 2,
        "age": 1,
        "disability": 2,
        "mental_health": 2,
        "isolation": 1,
        "previous_victimisation": 1,
        "hate_motivation": 3,
        "others_affected": 1,
        "children_affected": 2,
        "response.effective": 0,
        "response.partial": 1,
        "response.none": 2,
    },
    medium_from=6,
    high_from=12,
)


@dataclass(frozen=True)
class Driver:
    """One answer that added points: its key (``sleep``, ``persistence.months``), its points
    and its plain words."""

    key: str
    points: int
    words: str


@dataclass(frozen=True)
class Result:
    level: Level
    points: int
    policy_version: int
    drivers: tuple[Driver, ...] = field(default_factory=tuple)
    explanation: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "points": self.points,
            "policy_version": self.policy_version,
            "drivers": [{"answer": d.key, "points": d.points} for d in self.drivers],
            "explanation": self.explanation,
        }
