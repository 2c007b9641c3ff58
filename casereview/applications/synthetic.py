"""Synthetic case histories at county or national scale, for `casereview seed_bench`.

Ten partnerships (the two demo ones among them, so demo users see realistic volumes), each
with years of applications in every state: complaints, decisions, partner requests and
contributions, meetings, minutes with recommendations and actions, conclusions, appeals,
withdrawals, letters, and the audit entries those acts would have written, hash-chained.

What is synthetic, plainly: names, addresses and text are generated; letters hold a short
HTML body and one tiny shared PDF (not 100,000 WeasyPrint renders); the audit history is
appended after whatever chain already exists, so positions follow load order, and its
`occurred_at` times are the historical ones. Rows are written with explicit primary keys in
batches, one transaction per chunk of applications.
"""

import hashlib
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from casereview.accounts.models import Membership, Role, User
from casereview.applications.models import (
    Application,
    Complaint,
    Letter,
    ReferenceCounter,
    Status,
    ThresholdDecision,
    postcode_key,
    search_key,
)
from casereview.clock.deadlines import ClockSettings, case_deadlines
from casereview.core.audit import Actor, AuditFact, audit_record_past
from casereview.core.models import AuditAction, AuditEntry
from casereview.partnerships.models import (
    DUTY_BEGAN,
    Agency,
    AgencyKind,
    AppealsBody,
    CaseSettings,
    LetterWording,
    Partnership,
    ThresholdPolicyVersion,
)

BATCH = 2000
CHUNK = 5000  # applications per transaction
YEARS = 6  # the default retention: six years of history

# The two demo partnerships carry more of the load, so a demo user sees a busy county.
PARTNERSHIPS = [
    ("newcastle-under-lyme", "Newcastle-under-Lyme Partnership", "NUL", 0.25),
    ("stafford", "Stafford Partnership", "STA", 0.15),
    ("cannock-chase", "Cannock Chase Partnership", "CAN", 0.075),
    ("east-staffordshire", "East Staffordshire Partnership", "EST", 0.075),
    ("lichfield", "Lichfield Partnership", "LIC", 0.075),
    ("south-staffordshire", "South Staffordshire Partnership", "SST", 0.075),
    ("stoke-on-trent", "Stoke-on-Trent Partnership", "SOT", 0.075),
    ("tamworth", "Tamworth Partnership", "TAM", 0.075),
    ("staffordshire-moorlands", "Staffordshire Moorlands Partnership", "SMO", 0.075),
    ("telford", "Telford and Wrekin Partnership", "TEL", 0.075),
]
AGENCIES = [
    ("police", "Police", AgencyKind.POLICE, True),
    ("council", "Borough Council", AgencyKind.COUNCIL, True),
    ("housing", "Housing Association", AgencyKind.HOUSING, True),
    ("health", "Integrated Care Board", AgencyKind.HEALTH, True),
    ("fire", "Fire and Rescue Service", AgencyKind.FIRE, False),
]
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

# A minimal valid one-page PDF, shared by every synthetic letter (see the module docstring).
_PDF_BODY = b"BT /F1 12 Tf 72 720 Td (Synthetic letter for load testing) Tj ET"


def _tiny_pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(_PDF_BODY) + _PDF_BODY + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


TINY_PDF = _tiny_pdf()
TINY_PDF_SHA256 = hashlib.sha256(TINY_PDF).hexdigest()


def _converter(f: models.Field) -> Callable[[Any], Any] | None:
    """How a value reaches the database driver without the ORM's per-value preparation,
    which costs more than the insert itself at millions of rows."""
    kind = f.get_internal_type()
    if kind == "JSONField":
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb
        return json.dumps
    if connection.vendor != "sqlite":
        return None
    if kind == "DateTimeField":
        return lambda v: v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if kind == "DateField":
        return date.isoformat
    return None


def fast_insert(model: type[models.Model], objs: list[Any]) -> None:
    """INSERT rows (with their primary keys set) by executemany, in batches."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and objs[0].pk is None)]
    converters = [(f.attname, _converter(f)) for f in fields]
    qn = connection.ops.quote_name
    # Names from the model's own metadata, quoted; the values go as parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  # nosec B608
        qn(model._meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH * 5):
            rows = []
            for obj in objs[start : start + BATCH * 5]:
                row = []
                for attname, convert in converters:
                    value = getattr(obj, attname)
                    row.append(convert(value) if convert and value is not None else value)
                rows.append(row)
            cursor.executemany(sql, rows)


class Progress:
    """Plain progress on stderr: a line every few seconds, and the total at the end."""

    def __init__(self, total: int, out: Any = None) -> None:
        self.total, self.done, self.out = total, 0, out or sys.stderr
        self.start = self.last = time.monotonic()

    def step(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= 3 or self.done >= self.total:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            left = (self.total - self.done) / rate if rate else 0
            bar = "#" * int(30 * self.done / self.total)
            self.out.write(
                f"\r[{bar:<30}] {self.done:,}/{self.total:,} applications"
                f" ({rate:,.0f}/s, about {left:,.0f} s left)"
            )
            self.out.flush()

    def finish(self) -> float:
        self.out.write("\n")
        return time.monotonic() - self.start


@contextmanager
def _historical_timestamps() -> Iterator[None]:
    """auto_now(_add) would stamp every row with today; the history keeps its own dates."""
    changed = []
    for model in _models():
        for f in model._meta.concrete_fields:
            for attr in ("auto_now", "auto_now_add"):
                if getattr(f, attr, False):
                    setattr(f, attr, False)
                    changed.append((f, attr))
    try:
        yield
    finally:
        for f, attr in changed:
            setattr(f, attr, True)


def _models() -> list[type[models.Model]]:
    from casereview.appeals.models import Appeal
    from casereview.reviews import models as review

    return [
        Application,
        Complaint,
        ThresholdDecision,
        Letter,
        review.PartnerRequest,
        review.Contribution,
        review.Involvement,
        review.Meeting,
        review.Minutes,
        review.Recommendation,
        review.Action,
        review.Conclusion,
        review.Withdrawal,
        Appeal,
    ]


@dataclass
class Tenant:
    partnership: Partnership
    agencies: list[Agency]
    policy: ThresholdPolicyVersion
    pso: Membership
    chair: Membership
    weight: float
    counters: dict[int, int] = field(default_factory=dict)


def _member(partnership: Partnership, prefix: str, role: Role) -> Membership:
    """The demo's own people where they exist; otherwise a bench user who cannot sign in."""
    found = (
        Membership.objects.select_related("user")
        .filter(partnership=partnership, role=role)
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    user, created = User.objects.get_or_create(
        email=f"{role}@{prefix.lower()}.bench.example",
        defaults={"full_name": f"Bench {role.label} {prefix}"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership, _ = Membership.objects.get_or_create(user=user, role=role, partnership=partnership)
    return Membership.objects.select_related("user").get(pk=membership.pk)


def tenants() -> list[Tenant]:
    body = AppealsBody.objects.get(slug="staffordshire-commissioners-office")
    found = []
    for slug, name, prefix, weight in PARTNERSHIPS:
        partnership, _ = Partnership.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "reference_prefix": prefix,
                "contact_name": f"{name} Vulnerability Hub",
                "contact_email": f"casereview@{prefix.lower()}.example",
                "contact_address": f"Community Safety Team, {name}",
                "appeals_body": body,
            },
        )
        if not partnership.agencies.exists():
            Agency.objects.bulk_create(
                Agency(
                    partnership=partnership,
                    slug=a_slug,
                    name=f"{name.replace(' Partnership', '')} {a_name}",
                    kind=kind,
                    relevant_body=relevant,
                    contact_email=f"{a_slug}@{prefix.lower()}.example",
                )
                for a_slug, a_name, kind, relevant in AGENCIES
            )
        policy, _ = ThresholdPolicyVersion.objects.get_or_create(
            partnership=partnership, effective_from=DUTY_BEGAN
        )
        CaseSettings.objects.get_or_create(partnership=partnership)
        LetterWording.objects.get_or_create(
            partnership=partnership, defaults={"signatory": "Chair of the Vulnerability Hub"}
        )
        found.append(
            Tenant(
                partnership,
                list(partnership.agencies.order_by("pk")),
                policy,
                _member(partnership, prefix, Role.COORDINATOR),
                _member(partnership, prefix, Role.CHAIR),
                weight,
            )
        )
    return found


class Ids:
    """Explicit primary keys, so related rows can be built before their parents are saved."""

    def __init__(self, model_list: list[type[models.Model]]) -> None:
        self.next = {
            m: (m._default_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1
            for m in model_list
        }

    def take(self, model: type[models.Model]) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


def _at(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC) + timedelta(
        minutes=rng.randrange(0, 8 * 60)
    )


def _status_for(age: int, rng: random.Random) -> str:
    r = rng.random()
    if age < 3:
        return Status.RECEIVED
    if age < 8:
        return (
            Status.RECEIVED
            if r < 0.4
            else Status.THRESHOLD_MET
            if r < 0.75
            else Status.THRESHOLD_NOT_MET
        )
    if age < 21:
        table = [
            (0.05, Status.RECEIVED),
            (0.25, Status.THRESHOLD_MET),
            (0.70, Status.IN_REVIEW),
            (0.95, Status.THRESHOLD_NOT_MET),
            (1.0, Status.WITHDRAWN),
        ]
    elif age < 35:
        table = [
            (0.20, Status.IN_REVIEW),
            (0.50, Status.REVIEWED),
            (0.70, Status.CONCLUDED),
            (0.95, Status.THRESHOLD_NOT_MET),
            (1.0, Status.WITHDRAWN),
        ]
    else:
        table = [
            (0.52, Status.CONCLUDED),
            (0.85, Status.THRESHOLD_NOT_MET),
            (0.92, Status.WITHDRAWN),
            (0.97, Status.APPEAL_NOT_UPHELD),
            (0.99, Status.APPEAL_UPHELD),
            (1.0, Status.APPEALED if age < 150 else Status.CONCLUDED),
        ]
    return next(s for limit, s in table if r < limit)


MET = {
    Status.THRESHOLD_MET,
    Status.IN_REVIEW,
    Status.REVIEWED,
    Status.CONCLUDED,
    Status.APPEALED,
    Status.APPEAL_UPHELD,
    Status.APPEAL_NOT_UPHELD,
}
REQUESTED = MET - {Status.THRESHOLD_MET}
MET_AND_MINUTED = REQUESTED - {Status.IN_REVIEW}
CONCLUDED = MET_AND_MINUTED - {Status.REVIEWED}
APPEALS = {Status.APPEALED, Status.APPEAL_UPHELD, Status.APPEAL_NOT_UPHELD}


class Batch:
    """Rows waiting to be written, per model, in dependency order."""

    def __init__(self, model_list: list[type[models.Model]]) -> None:
        self.rows: dict[Any, list[models.Model]] = {m: [] for m in model_list}
        self.audit: list[tuple[Actor, AuditFact, datetime]] = []

    def add(self, obj: models.Model) -> None:
        self.rows[type(obj)].append(obj)

    def act(
        self,
        member: Membership,
        at: datetime,
        action: str,
        kind: str,
        oid: object,
        partnership_id: int,
        purpose: str,
        recipients: str = "",
    ) -> None:
        self.audit.append(
            (
                Actor.for_membership(member),
                AuditFact(action, purpose, kind, str(oid), partnership_id, recipients),
                at,
            )
        )

    def write(self) -> None:
        for model, objs in self.rows.items():
            fast_insert(model, objs)
        from casereview.reviews.models import Meeting

        through = Meeting.agencies.through
        links = [
            through(meeting_id=m.pk, agency_id=a)
            for m in self.rows[Meeting]
            for a in m._bench_agencies  # type: ignore[attr-defined]
        ]
        fast_insert(through, links)
        self.audit.sort(key=lambda a: a[2])
        audit_record_past(self.audit, write=lambda entries: fast_insert(AuditEntry, entries))


@dataclass
class Seeder:
    applications: int
    complaints: int
    today: date
    rng: random.Random
    tenants: list[Tenant]
    ids: Ids
    model_list: list[type[models.Model]]
    html: str = "<main><p>Synthetic letter: the text is not stored for load-test data.</p></main>"

    def received_dates(self) -> list[date]:
        span = YEARS * 365
        return sorted(
            self.today - timedelta(days=int(span * self.rng.random() ** 1.15))
            for _ in range(self.applications)
        )

    def run(self, progress: Progress) -> dict[str, int]:
        weights = [t.weight for t in self.tenants]
        dates = self.received_dates()
        per_app = self.complaints / max(self.applications, 1)
        counts: dict[str, int] = {}
        for start in range(0, len(dates), CHUNK):
            batch = Batch(self.model_list)
            for received in dates[start : start + CHUNK]:
                tenant = self.rng.choices(self.tenants, weights)[0]
                self.application(batch, tenant, received, per_app)
            with transaction.atomic():
                batch.write()
            for model, objs in batch.rows.items():
                counts[model._meta.label] = counts.get(model._meta.label, 0) + len(objs)
            counts["core.AuditEntry"] = counts.get("core.AuditEntry", 0) + len(batch.audit)
            progress.step(min(CHUNK, len(dates) - start))
        return counts

    def reference(self, tenant: Tenant, year: int) -> str:
        if year not in tenant.counters:
            counter = ReferenceCounter.objects.filter(
                partnership=tenant.partnership, year=year
            ).first()
            tenant.counters[year] = counter.last_number if counter else 0
        tenant.counters[year] += 1
        return f"{tenant.partnership.reference_prefix}-{year}-{tenant.counters[year]:04d}"

    def save_counters(self) -> None:
        for tenant in self.tenants:
            for year, last in tenant.counters.items():
                ReferenceCounter.objects.update_or_create(
                    partnership=tenant.partnership, year=year, defaults={"last_number": last}
                )

    def application(self, b: Batch, t: Tenant, received: date, per_app: float) -> None:
        rng = self.rng
        age = (self.today - received).days
        status = _status_for(age, rng)
        deadlines = case_deadlines(received, ClockSettings(5, 28))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        postcode = f"{rng.choice(OUTWARDS)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"  # noqa: E501
        by_email = rng.random() < 0.6
        name = f"{first} {last}"
        app = Application(
            pk=self.ids.take(Application),
            partnership_id=t.partnership.pk,
            reference=self.reference(t, received.year),
            status=status,
            received=received,
            channel=rng.choice(["phone", "in_person", "online", "email", "advocate"]),
            applicant_type="individual" if rng.random() < 0.9 else "business",
            victim_name=name,
            victim_address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
            victim_postcode=postcode,
            victim_email=f"{first}.{last}@example.org".lower() if by_email else "",
            contact_preference="email" if by_email else "post",
            large_print=rng.random() < 0.05,
            description="Repeated noise, shouting and damage to property late at night.",
            consent_to_share=True,
            acknowledgement_due=deadlines.acknowledgement_due,
            conclusion_due=deadlines.conclusion_due,
            recorded_by_id=t.pso.user_id,
            recorded_at=_at(received, rng),
            victim_name_key=search_key(name),
            victim_surname_key=search_key(last),
            victim_postcode_key=postcode_key(postcode),
        )
        n = max(1, round(rng.gauss(per_app, per_app / 3)))
        app.next_complaint_number = n + 1
        b.add(app)
        pid = t.partnership.pk
        b.act(
            t.pso,
            app.recorded_at,
            AuditAction.COLLECT,
            "application",
            app.reference,
            pid,
            "recording a request for an ASB case review (phone)",
        )
        self.complaints_of(b, t, app, n)
        if status == Status.RECEIVED:
            return
        decided_on = min(received + timedelta(days=rng.randint(1, 5)), self.today)
        met = status in MET or (status == Status.WITHDRAWN and rng.random() < 0.5)
        decided = status != Status.WITHDRAWN or rng.random() < 0.6
        letters: dict[str, Letter] = {}
        if decided:
            at = _at(decided_on, rng)
            b.add(
                ThresholdDecision(
                    pk=self.ids.take(ThresholdDecision),
                    application_id=app.pk,
                    met=met,
                    rationale="",
                    review_date=deadlines.conclusion_due - timedelta(days=3) if met else None,
                    policy_version_id=t.policy.pk,
                    engine_output={"met": met, "explanation": "Synthetic decision."},
                    decided_by_id=t.chair.user_id,
                    decided_at=at,
                )
            )
            b.act(
                t.chair,
                at,
                AuditAction.ALTER,
                "application",
                app.reference,
                pid,
                f"deciding the case review threshold: {'met' if met else 'not met'}",
            )
            letters["acknowledgement"] = self.letter(b, t, app, "acknowledgement", at)
        if status in REQUESTED or (status == Status.WITHDRAWN and met and rng.random() < 0.5):
            self.review(b, t, app, decided_on, status)
        if status in CONCLUDED:
            concluded_on = min(received + timedelta(days=rng.randint(20, 33)), self.today)
            letters["conclusion"] = self.conclusion(b, t, app, concluded_on)
        if status == Status.WITHDRAWN:
            self.withdrawal(b, t, app, min(received + timedelta(days=10), self.today))
        if status in APPEALS:
            self.appeal(b, t, app, letters, status)

    def complaints_of(self, b: Batch, t: Tenant, app: Application, n: int) -> None:
        rng = self.rng
        for i in range(n):
            behaviour = app.received - timedelta(days=rng.randint(3, 170))
            agency = rng.choice(t.agencies) if rng.random() < 0.9 else None
            b.add(
                Complaint(
                    pk=self.ids.take(Complaint),
                    application_id=app.pk,
                    key=f"c{i + 1}",
                    behaviour_date=behaviour,
                    reported_date=min(behaviour + timedelta(days=rng.randint(0, 20)), app.received),
                    agency_id=agency.pk if agency else None,
                    relevant_body=bool(agency and agency.relevant_body),
                    reference=f"REF-{rng.randint(1000, 99999)}" if rng.random() < 0.5 else "",
                    summary="Shouting and banging on the door late at night.",
                    hate=rng.random() < 0.03,
                    same_incident_as=f"c{i}" if i and rng.random() < 0.1 else "",
                )
            )

    def letter(self, b: Batch, t: Tenant, app: Application, kind: str, at: datetime) -> Letter:
        email = app.contact_preference == "email"
        letter = Letter(
            pk=self.ids.take(Letter),
            application_id=app.pk,
            partnership_id=t.partnership.pk,
            kind=kind,
            recipient_name=app.victim_name,
            recipient_email=app.victim_email,
            recipient_address=f"{app.victim_address}\n{app.victim_postcode}",
            delivery="email" if email else "post",
            large_print=app.large_print,
            html=self.html,
            pdf=TINY_PDF,
            sha256=TINY_PDF_SHA256,
            pdf_rendered_at=at,
            created_by_id=t.chair.user_id,
            created_at=at,
            sent_at=at + timedelta(minutes=1) if email else None,
            posted_at=None if email else at + timedelta(hours=20),
            posted_by_id=None if email else t.pso.user_id,
        )
        b.add(letter)
        pid = t.partnership.pk
        purpose = "telling the applicant the outcome of their application"
        b.act(
            t.chair,
            at,
            AuditAction.COLLECT,
            "letter",
            letter.pk,
            pid,
            f"{purpose}: {kind} for {app.reference}",
        )
        who = app.victim_email if email else f"{app.victim_name}, {app.victim_address}"
        sent = letter.sent_at or letter.posted_at
        assert sent is not None
        b.act(
            t.pso,
            sent,
            AuditAction.DISCLOSE,
            "letter",
            letter.pk,
            pid,
            f"{purpose}: {'emailed' if email else 'posted'} ({app.reference})",
            who,
        )
        return letter

    def review(self, b: Batch, t: Tenant, app: Application, decided_on: date, status: str) -> None:
        from casereview.reviews import models as review

        rng = self.rng
        asked_on = min(decided_on + timedelta(days=1), self.today)
        asked_at = _at(asked_on, rng)
        pid = t.partnership.pk
        answered = status in MET_AND_MINUTED
        for agency in t.agencies[: rng.randint(3, len(t.agencies))]:
            request = review.PartnerRequest(
                pk=self.ids.take(review.PartnerRequest),
                application_id=app.pk,
                partnership_id=t.partnership.pk,
                agency_id=agency.pk,
                due=asked_on + timedelta(days=10),
                requested_by_id=t.pso.user_id,
                requested_at=asked_at,
                first_viewed_at=asked_at + timedelta(hours=5),
            )
            b.add(request)
            if answered or rng.random() < 0.5:
                nil = rng.random() < 0.25
                at = asked_at + timedelta(days=rng.randint(1, 8))
                contribution = review.Contribution(
                    pk=self.ids.take(review.Contribution),
                    request_id=request.pk,
                    nil_return=nil,
                    summary="" if nil else "Two reports attended; advice given.",
                    updated_by_id=t.pso.user_id,
                    updated_at=at,
                )
                b.add(contribution)
                if not nil:
                    b.add(
                        review.Involvement(
                            pk=self.ids.take(review.Involvement),
                            contribution_id=contribution.pk,
                            date=app.received - timedelta(days=rng.randint(5, 90)),
                            kind="incident",
                            details="Attended a report of shouting in the street.",
                        )
                    )
        b.act(
            t.pso,
            asked_at,
            AuditAction.DISCLOSE,
            "application",
            app.reference,
            pid,
            "managing an ASB case review: partners asked for their involvement",
        )
        if not answered:
            return
        met_at = _at(min(app.received + timedelta(days=18), self.today), rng)
        meeting = review.Meeting(
            pk=self.ids.take(review.Meeting),
            application_id=app.pk,
            starts_at=met_at,
            location="Civic Centre, Room 2",
            scheduled_by_id=t.pso.user_id,
            scheduled_at=asked_at,
        )
        meeting._bench_agencies = [a.pk for a in t.agencies[:4]]  # type: ignore[attr-defined]
        b.add(meeting)
        minutes = review.Minutes(
            pk=self.ids.take(review.Minutes),
            application_id=app.pk,
            version=1,
            summary="The partners reviewed the history and agreed a plan.",
            decisions=["Joint visit", "Mediation offered"],
            recorded_by_id=t.pso.user_id,
            recorded_at=met_at + timedelta(hours=3),
            approved_by_id=t.chair.user_id,
            approved_at=met_at + timedelta(days=1),
        )
        b.add(minutes)
        app._bench_minutes = minutes  # type: ignore[attr-defined]
        for _ in range(rng.randint(0, 2)):
            b.add(
                review.Recommendation(
                    pk=self.ids.take(review.Recommendation),
                    minutes_id=minutes.pk,
                    text="Share incident logs weekly.",
                    agency_id=rng.choice(t.agencies).pk,
                )
            )
        for _ in range(rng.randint(1, 2)):
            b.add(
                review.Action(
                    pk=self.ids.take(review.Action),
                    minutes_id=minutes.pk,
                    text="Visit the victim and agree a contact plan.",
                    agency_id=rng.choice(t.agencies).pk,
                    due=met_at.date() + timedelta(days=14),
                    status="done" if status in CONCLUDED else "open",
                )
            )
        b.act(
            t.pso,
            minutes.recorded_at,
            AuditAction.COLLECT,
            "application",
            app.reference,
            pid,
            "managing an ASB case review: minutes recorded",
        )
        assert minutes.approved_at is not None
        b.act(
            t.chair,
            minutes.approved_at,
            AuditAction.ALTER,
            "application",
            app.reference,
            pid,
            "managing an ASB case review: minutes approved",
        )

    def conclusion(self, b: Batch, t: Tenant, app: Application, on: date) -> Letter:
        from casereview.reviews.models import Conclusion

        at = _at(on, self.rng)
        b.add(
            Conclusion(
                pk=self.ids.take(Conclusion),
                application_id=app.pk,
                summary="The partners agreed an action plan.",
                minutes_id=app._bench_minutes.pk,  # type: ignore[attr-defined]
                late=on > app.conclusion_due,
                issued_by_id=t.chair.user_id,
                issued_at=at,
            )
        )
        b.act(
            t.chair,
            at,
            AuditAction.ALTER,
            "application",
            app.reference,
            t.partnership.pk,
            "managing an ASB case review: concluded",
        )
        return self.letter(b, t, app, "conclusion", at)

    def withdrawal(self, b: Batch, t: Tenant, app: Application, on: date) -> None:
        from casereview.reviews.models import Withdrawal

        at = _at(on, self.rng)
        b.add(
            Withdrawal(
                pk=self.ids.take(Withdrawal),
                application_id=app.pk,
                reason="The applicant asked to withdraw.",
                previous_status=Status.RECEIVED,
                withdrawn_by_id=t.pso.user_id,
                withdrawn_at=at,
            )
        )
        b.act(
            t.pso,
            at,
            AuditAction.ALTER,
            "application",
            app.reference,
            t.partnership.pk,
            "managing an ASB case review: withdrawn",
        )

    def appeal(
        self, b: Batch, t: Tenant, app: Application, letters: dict[str, Letter], status: str
    ) -> None:
        from casereview.appeals.models import Appeal

        against = letters.get("conclusion") or letters["acknowledgement"]
        received = min(against.created_at.date() + timedelta(days=10), self.today)
        decided = status != Status.APPEALED
        decided_at = _at(min(received + timedelta(days=30), self.today), self.rng)
        upheld = status == Status.APPEAL_UPHELD
        b.add(
            Appeal(
                pk=self.ids.take(Appeal),
                application_id=app.pk,
                partnership_id=t.partnership.pk,
                against_id=against.pk,
                received=received,
                grounds=["facts_not_considered"],
                details="The applicant says earlier reports were not counted.",
                due_by=received + timedelta(days=18),
                recorded_by_id=t.pso.user_id,
                recorded_at=_at(received, self.rng),
                upheld=upheld if decided else None,
                findings="The review was properly conducted." if decided else "",
                recommendations=["Re-examine the council's reports."] if upheld else [],
                decided_at=decided_at if decided else None,
            )
        )
        b.act(
            t.pso,
            _at(received, self.rng),
            AuditAction.COLLECT,
            "application",
            app.reference,
            t.partnership.pk,
            "hearing an appeal: appeal recorded",
        )
        if decided:
            self.letter(b, t, app, "appeal_outcome", decided_at)


def reset_sequences(model_list: list[type[models.Model]]) -> None:
    """PostgreSQL's id sequences must move past the explicit keys (SQLite needs nothing)."""
    from casereview.reviews.models import Meeting

    statements = connection.ops.sequence_reset_sql(
        no_style(), [*model_list, Meeting.agencies.through]
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def already_seeded() -> bool:
    return User.objects.filter(email__endswith=".bench.example").exists()


def seed(
    applications: int, complaints: int, seed_value: int = 8, report: Callable[[str], None] = print
) -> tuple[dict[str, int], float]:
    """Load the synthetic history; returns the rows written per table and the seconds taken."""
    start = time.monotonic()
    model_list = _models()
    seeder = Seeder(
        applications=applications,
        complaints=complaints,
        today=timezone.localdate(),
        # Not for security: repeatable synthetic data.
        rng=random.Random(seed_value),  # noqa: S311  # nosec B311
        tenants=tenants(),
        ids=Ids(model_list),
        model_list=model_list,
    )
    progress = Progress(applications)
    with _historical_timestamps():
        counts = seeder.run(progress)
    progress.finish()
    seeder.save_counters()
    reset_sequences(model_list)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics for the new volumes
    return counts, time.monotonic() - start
