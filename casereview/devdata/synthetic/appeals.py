"""An appeal against the last letter a case sent, heard by the Commissioner's office."""

from datetime import date, datetime, timedelta

from casereview.appeals.models import Appeal
from casereview.applications.models import Status
from casereview.devdata.synthetic.chain import COLLECT
from casereview.devdata.synthetic.context import Case
from casereview.devdata.synthetic.letters import letter
from casereview.devdata.synthetic.tables import as_json

GROUNDS = as_json(["facts_not_considered"])
RECOMMENDATIONS = {True: as_json(["Re-examine the council's reports."]), False: as_json([])}


def appeal(case: Case, letters: dict[str, tuple[int, datetime]]) -> None:
    """Received ten days after the letter it is against; decided within 30 days unless the
    case is still `appealed`, and then the outcome letter goes."""
    ctx = case.ctx
    against_id, against_at = letters.get("conclusion") or letters["acknowledgement"]
    received = ctx.until_today(against_at.date() + timedelta(days=10))
    decided_at = ctx.time_on(ctx.until_today(received + timedelta(days=30)))
    _add_row(case, against_id, received, decided_at)
    # The entry's time is drawn afresh, as it always has been: reusing the recorded time
    # would change every later draw of a given seed.
    case.act(case.t.pso, ctx.time_on(received), COLLECT, "hearing an appeal: appeal recorded")
    if case.status != Status.APPEALED:
        letter(case, "appeal_outcome", decided_at)


def _add_row(case: Case, against_id: int, received: date, decided_at: datetime) -> None:
    ctx, t = case.ctx, case.t
    decided = case.status != Status.APPEALED
    upheld = case.status == Status.APPEAL_UPHELD
    recorded_at = ctx.time_on(received)
    case.b.appeals.add(
        ctx.ids.take(Appeal),
        case.pk,
        t.partnership.pk,
        against_id,
        received,
        GROUNDS,
        "The applicant says earlier reports were not counted.",
        received + timedelta(days=18),
        t.pso.user_id,
        ctx.ts(recorded_at),
        upheld if decided else None,
        "The review was properly conducted." if decided else "",
        RECOMMENDATIONS[upheld],
        ctx.ts(decided_at) if decided else None,
    )
