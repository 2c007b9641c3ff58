"""Properties of the harm rule that hold for every valid policy and answers."""

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from casereview.harm import LEVELS, PERSISTENCE, RESPONSE, Answers, Policy, level_rank, score
from casereview.harm.model import FLAG_NAMES, weight_keys

PERSIST = [v for v, _, _ in PERSISTENCE]
RESP = [v for v, _, _ in RESPONSE]


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    weights: dict[str, int] = {k: draw(st.integers(0, 20)) for k in FLAG_NAMES}
    for group, values in (("persistence", PERSIST), ("response", RESP)):
        steps = sorted(
            draw(st.lists(st.integers(0, 20), min_size=len(values), max_size=len(values)))
        )
        weights.update({f"{group}.{v}": s for v, s in zip(values, steps, strict=True)})
    medium = draw(st.integers(1, 100))
    high = draw(st.integers(medium + 1, 200))
    return Policy(
        version=draw(st.integers(1, 9)), weights=weights, medium_from=medium, high_from=high
    )


ANSWERS = st.builds(
    Answers,
    persistence=st.sampled_from(PERSIST),
    response=st.sampled_from(RESP),
    flags=st.frozensets(st.sampled_from(FLAG_NAMES)),
)


@given(policies(), ANSWERS, st.data())
def test_more_harm_never_lowers_the_level(policy: Policy, answers: Answers, data: Any) -> None:
    worse = Answers(
        persistence=data.draw(st.sampled_from(PERSIST[PERSIST.index(answers.persistence) :])),
        response=data.draw(st.sampled_from(RESP[RESP.index(answers.response) :])),
        flags=answers.flags | data.draw(st.frozensets(st.sampled_from(FLAG_NAMES))),
    )
    before, after = score(answers, policy), score(worse, policy)
    assert after.points >= before.points
    assert level_rank(after.level) >= level_rank(before.level)


@given(policies(), ANSWERS)
def test_the_points_are_the_drivers_points_and_the_level_follows_the_cut_offs(
    policy: Policy, answers: Answers
) -> None:
    result = score(answers, policy)
    assert result.points == sum(d.points for d in result.drivers)
    assert all(d.points > 0 for d in result.drivers)
    assert result.level in LEVELS
    assert (result.level == "high") == (result.points >= policy.high_from)
    assert (result.level == "standard") == (result.points < policy.medium_from)
    assert set(policy.weights) == set(weight_keys())


@given(policies(), ANSWERS)
def test_scoring_is_the_same_however_often_it_is_asked(policy: Policy, answers: Answers) -> None:
    assert score(answers, policy) == score(answers, policy)
    assert Answers(**{**answers.__dict__}).to_json() == answers.to_json()
