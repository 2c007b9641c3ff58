"""One synthetic application from receipt to wherever its age has taken it: the request and
its complaints, the threshold decision, then the review, conclusion, withdrawal or appeal.

The random draws keep the order they have always had, so a seed gives the same data."""

from datetime import date, datetime, timedelta

from casereview.applications.models import (
    Application,
    Complaint,
    Status,
    ThresholdDecision,
    postcode_key,
)
from casereview.devdata.synthetic.appeals import appeal
from casereview.devdata.synthetic.chain import ALTER, COLLECT
from casereview.devdata.synthetic.context import Case, Context
from casereview.devdata.synthetic.letters import letter
from casereview.devdata.synthetic.reviews import conclusion, review, withdrawal
from casereview.devdata.synthetic.statuses import APPEALS, CONCLUDED, MET, REQUESTED, status_for
from casereview.devdata.synthetic.tables import Batch, as_json
from casereview.devdata.synthetic.tenants import Tenant

FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Finn",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kai",
    "Leah",
    "Mo",
    "Nia",
    "Oscar",
    "Priya",
    "Ravi",
    "Sara",
    "Tom",
    "Zoe",
]
LAST = [
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morris",
    "Nowak",
    "Owen",
    "Patel",
    "Roberts",
    "Smith",
    "Taylor",
    "Walker",
    "Wright",
    "Young",
]
STREETS = ["Church Road", "High Street", "Station Road", "Park Lane", "Mill Street", "Queens Road"]
OUTWARDS = ["ST1", "ST2", "ST4", "ST5", "ST6", "ST7", "ST15", "ST16", "ST17", "WS11", "TF1"]
UNIT = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's last two may be
CHANNELS = ["phone", "in_person", "online", "email", "advocate"]
ENGINE_OUTPUT = {
    met: as_json({"met": met, "explanation": "Synthetic decision."}) for met in (True, False)
}


def application(ctx: Context, b: Batch, t: Tenant, received: date, per_app: float) -> None:
    """Records one application and, unless it is still new, the rest of its history."""
    status = status_for((ctx.today - received).days, ctx.rng)
    case = _draw(ctx, b, t, status, received, per_app)
    _record(case)
    if status != Status.RECEIVED:
        _after_receipt(case)


def _draw(ctx: Context, b: Batch, t: Tenant, status: str, received: date, per_app: float) -> Case:
    """The applicant and their request; `per_app` is the mean number of complaints."""
    rng = ctx.rng
    first, last = rng.choice(FIRST), rng.choice(LAST)
    outward = rng.choice(OUTWARDS)
    postcode = f"{outward} {rng.randint(1, 9)}{rng.choice(UNIT)}{rng.choice(UNIT)}"
    by_email = rng.random() < 0.6
    channel = rng.choice(CHANNELS)
    applicant_type = "individual" if rng.random() < 0.9 else "business"
    address = f"{rng.randint(1, 200)} {rng.choice(STREETS)}"
    large_print = rng.random() < 0.05
    recorded_at = ctx.time_on(received)
    complaints = max(1, round(rng.gauss(per_app, per_app / 3)))
    deadlines = ctx.deadlines_for(received)
    return Case(
        ctx,
        b,
        t,
        status,
        pk=ctx.ids.take(Application),
        received=received,
        reference=ctx.reference(t, received.year),
        recorded_at=recorded_at,
        channel=channel,
        applicant_type=applicant_type,
        by_email=by_email,
        name=f"{first} {last}",
        surname=last,
        email=f"{first}.{last}@example.org".lower() if by_email else "",
        address=address,
        postcode=postcode,
        large_print=large_print,
        complaints=complaints,
        acknowledgement_due=deadlines.acknowledgement_due,
        conclusion_due=deadlines.conclusion_due,
    )


def _record(case: Case) -> None:
    """The application row, its entry in the audit log, and its complaints."""
    ctx, t = case.ctx, case.t
    case.b.applications.add(
        case.pk,
        t.partnership.pk,
        case.reference,
        str(case.status),
        case.received,
        case.channel,
        case.applicant_type,
        case.name,
        case.address,
        case.postcode,
        case.email,
        "email" if case.by_email else "post",
        case.large_print,
        "Repeated noise, shouting and damage to property late at night.",
        True,
        case.acknowledgement_due,
        case.conclusion_due,
        t.pso.user_id,
        ctx.ts(case.recorded_at),
        ctx.search_key(case.name),
        ctx.search_key(case.surname),
        postcode_key(case.postcode),
        case.complaints + 1,
    )
    purpose = "recording a request for an ASB case review (phone)"
    case.act(t.pso, case.recorded_at, COLLECT, purpose)
    _complaints(case)


def _complaints(case: Case) -> None:
    rng = case.ctx.rng
    add = case.b.complaints.add
    take = case.ctx.ids.take
    agencies = case.t.relevant
    received = case.received
    for i in range(case.complaints):
        behaviour = received - timedelta(days=rng.randint(3, 170))
        agency_id, relevant = rng.choice(agencies) if rng.random() < 0.9 else (None, False)
        reported = min(behaviour + timedelta(days=rng.randint(0, 20)), received)
        reference = f"REF-{rng.randint(1000, 99999)}" if rng.random() < 0.5 else ""
        hate = rng.random() < 0.03
        add(
            take(Complaint),
            case.pk,
            f"c{i + 1}",
            behaviour,
            reported,
            agency_id,
            relevant,
            reference,
            "Shouting and banging on the door late at night.",
            hate,
            f"c{i}" if i and rng.random() < 0.1 else "",
        )


def _after_receipt(case: Case) -> None:
    """The threshold decision (unless withdrawn first) and the steps that follow from it."""
    ctx, rng, status = case.ctx, case.ctx.rng, case.status
    decided_on = ctx.until_today(case.received + timedelta(days=rng.randint(1, 5)))
    met = status in MET or (status == Status.WITHDRAWN and rng.random() < 0.5)
    decided = status != Status.WITHDRAWN or rng.random() < 0.6
    letters = {}
    if decided:
        letters["acknowledgement"] = _decide(case, decided_on, met)
    if status in REQUESTED or (status == Status.WITHDRAWN and met and rng.random() < 0.5):
        review(case, decided_on)
    if status in CONCLUDED:
        concluded_on = case.received + timedelta(days=rng.randint(20, 33))
        letters["conclusion"] = conclusion(case, ctx.until_today(concluded_on))
    if status == Status.WITHDRAWN:
        withdrawal(case, ctx.until_today(case.received + timedelta(days=10)))
    if status in APPEALS:
        appeal(case, letters)


def _decide(case: Case, decided_on: date, met: bool) -> tuple[int, datetime]:
    """The Chair's decision and the acknowledgement letter that tells the applicant."""
    ctx, t = case.ctx, case.t
    at = ctx.time_on(decided_on)
    case.b.decisions.add(
        ctx.ids.take(ThresholdDecision),
        case.pk,
        met,
        "",
        case.conclusion_due - timedelta(days=3) if met else None,
        t.policy.pk,
        ENGINE_OUTPUT[met],
        t.chair.user_id,
        ctx.ts(at),
    )
    outcome = "met" if met else "not met"
    case.act(t.chair, at, ALTER, f"deciding the case review threshold: {outcome}")
    return letter(case, "acknowledgement", at)
