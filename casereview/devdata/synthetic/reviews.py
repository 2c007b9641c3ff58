"""The review of a case whose threshold was met: partners asked and answering, the meeting,
its minutes with recommendations and actions; then the conclusion or a withdrawal."""

from datetime import date, datetime, timedelta

from casereview.applications.models import Status
from casereview.devdata.synthetic.chain import ALTER, COLLECT, DISCLOSE
from casereview.devdata.synthetic.context import Case
from casereview.devdata.synthetic.letters import letter
from casereview.devdata.synthetic.statuses import CONCLUDED, MET_AND_MINUTED
from casereview.devdata.synthetic.tables import as_json
from casereview.reviews import models as review_models

DECISIONS = as_json(["Joint visit", "Mediation offered"])
MANAGING = "managing an ASB case review"


def review(case: Case, decided_on: date) -> None:
    """Partners asked the day after the decision; once minuted, all of them have answered."""
    ctx = case.ctx
    asked_on = ctx.until_today(decided_on + timedelta(days=1))
    asked_at = ctx.time_on(asked_on)
    answered = case.status in MET_AND_MINUTED
    _ask_partners(case, asked_on, asked_at, answered)
    purpose = f"{MANAGING}: partners asked for their involvement"
    case.act(case.t.pso, asked_at, DISCLOSE, purpose)
    if answered:
        _meet(case, ctx.ts(asked_at))


def _ask_partners(case: Case, asked_on: date, asked_at: datetime, answered: bool) -> None:
    ctx, t = case.ctx, case.t
    rng, ts = ctx.rng, ctx.ts
    requested_at, viewed_at = ts(asked_at), ts(asked_at + timedelta(hours=5))
    for agency_id in t.agency_ids[: rng.randint(3, len(t.agency_ids))]:
        request_id = ctx.ids.take(review_models.PartnerRequest)
        case.b.requests.add(
            request_id,
            case.pk,
            t.partnership.pk,
            agency_id,
            asked_on + timedelta(days=10),
            t.pso.user_id,
            requested_at,
            viewed_at,
        )
        if answered or rng.random() < 0.5:
            _answer(case, request_id, asked_at)


def _answer(case: Case, request_id: int, asked_at: datetime) -> None:
    """A contribution within eight days: a nil return, or a summary and one involvement."""
    ctx, b = case.ctx, case.b
    rng, take = ctx.rng, ctx.ids.take
    nil = rng.random() < 0.25
    at = asked_at + timedelta(days=rng.randint(1, 8))
    contribution_id = take(review_models.Contribution)
    summary = "" if nil else "Two reports attended; advice given."
    b.contributions.add(contribution_id, request_id, nil, summary, case.t.pso.user_id, ctx.ts(at))
    if not nil:
        b.involvements.add(
            take(review_models.Involvement),
            contribution_id,
            case.received - timedelta(days=rng.randint(5, 90)),
            "incident",
            "Attended a report of shouting in the street.",
        )


def _meet(case: Case, scheduled_at: str) -> None:
    """The review meeting, with four of the agencies, about 18 days after receipt."""
    ctx, t = case.ctx, case.t
    met_at = ctx.time_on(ctx.until_today(case.received + timedelta(days=18)))
    meeting_id = ctx.ids.take(review_models.Meeting)
    location = "Civic Centre, Room 2"
    case.b.meetings.add(meeting_id, case.pk, ctx.ts(met_at), location, t.pso.user_id, scheduled_at)
    for agency_id in t.agency_ids[:4]:
        case.b.meeting_agencies.add(meeting_id, agency_id)
    _minutes(case, met_at)


def _minutes(case: Case, met_at: datetime) -> None:
    """Recorded by the coordinator the same day, approved by the Chair the next."""
    ctx, t = case.ctx, case.t
    minutes_id = case.minutes_id = ctx.ids.take(review_models.Minutes)
    recorded_at = met_at + timedelta(hours=3)
    approved_at = met_at + timedelta(days=1)
    case.b.minutes.add(
        minutes_id,
        case.pk,
        1,
        "The partners reviewed the history and agreed a plan.",
        DECISIONS,
        t.pso.user_id,
        ctx.ts(recorded_at),
        t.chair.user_id,
        ctx.ts(approved_at),
    )
    _follow_ups(case, minutes_id, met_at)
    case.act(t.pso, recorded_at, COLLECT, f"{MANAGING}: minutes recorded")
    case.act(t.chair, approved_at, ALTER, f"{MANAGING}: minutes approved")


def _follow_ups(case: Case, minutes_id: int, met_at: datetime) -> None:
    """Up to two recommendations and one or two actions, each for one agency."""
    rng, take, agency_ids = case.ctx.rng, case.ctx.ids.take, case.t.agency_ids
    for _ in range(rng.randint(0, 2)):
        text = "Share incident logs weekly."
        pk = take(review_models.Recommendation)
        case.b.recommendations.add(pk, minutes_id, text, rng.choice(agency_ids))
    done = "done" if case.status in CONCLUDED else "open"
    for _ in range(rng.randint(1, 2)):
        text = "Visit the victim and agree a contact plan."
        pk = take(review_models.Action)
        due = met_at.date() + timedelta(days=14)
        case.b.actions.add(pk, minutes_id, text, rng.choice(agency_ids), due, done)


def conclusion(case: Case, on: date) -> tuple[int, datetime]:
    """The Chair's conclusion, late or not against the deadline, and its letter."""
    ctx, t = case.ctx, case.t
    at = ctx.time_on(on)
    case.b.conclusions.add(
        ctx.ids.take(review_models.Conclusion),
        case.pk,
        "The partners agreed an action plan.",
        case.minutes_id,
        on > case.conclusion_due,
        t.chair.user_id,
        ctx.ts(at),
    )
    case.act(t.chair, at, ALTER, f"{MANAGING}: concluded")
    return letter(case, "conclusion", at)


def withdrawal(case: Case, on: date) -> None:
    ctx, t = case.ctx, case.t
    at = ctx.time_on(on)
    case.b.withdrawals.add(
        ctx.ids.take(review_models.Withdrawal),
        case.pk,
        "The applicant asked to withdraw.",
        str(Status.RECEIVED),
        t.pso.user_id,
        ctx.ts(at),
    )
    case.act(t.pso, at, ALTER, f"{MANAGING}: withdrawn")
