"""Synthetic case histories at county or national scale, for `casereview seed_bench`.

Ten partnerships (the two demo ones among them, so demo users see realistic volumes), each
with years of applications in every state: complaints, decisions, partner requests and
contributions, meetings, minutes with recommendations and actions, conclusions, appeals,
withdrawals, letters, and the audit entries those acts would have written, hash-chained.

What is synthetic, plainly: names, addresses and text are generated; letters hold a short
HTML body and one tiny shared PDF (not 100,000 WeasyPrint renders); the audit history is
appended after whatever chain already exists, so positions follow load order, and its
`occurred_at` times are the historical ones. Rows are built as plain tuples with explicit
primary keys and written per table (COPY on PostgreSQL, executemany on SQLite), one
transaction per chunk of applications. The random draws keep their order, so a given seed
gives the same rows whichever way they are written.
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
from casereview.core.audit import GENESIS_HASH, Actor, audit_hash, audit_hashed_fields
from casereview.core.models import AuditAction, AuditChainHead, AuditEntry
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

BATCH = 10_000  # rows per executemany (SQLite)
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


class Table:
    """One table's rows as plain tuples, in the order of `given` (the columns the seeder
    fills), followed by the model's defaults for the rest, prepared for the database once.
    Building tuples instead of model instances, and skipping the ORM's per-value
    preparation, is most of what makes the seed fast."""

    def __init__(self, model: type[models.Model], given: list[str]) -> None:
        self.model = model
        by_name = {f.attname: f for f in model._meta.concrete_fields}
        rest = [f for f in model._meta.concrete_fields if f.attname not in given]
        for f in rest:
            if f.primary_key:
                continue
            if f.has_default() and callable(f.default) and f.default not in (list, dict):
                raise ValueError(f"{model.__name__}.{f.name}: a varying default must be given")
        rest = [f for f in rest if not f.primary_key]
        self.columns = [by_name[name].column for name in given] + [f.column for f in rest]
        self.tail = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        self.rows: list[tuple[Any, ...]] = []

    def add(self, *values: Any) -> None:
        self.rows.append(values + self.tail)

    def write(self) -> None:
        write_rows(self.model._meta.db_table, self.columns, self.rows)


def write_rows(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY. SQLite: executemany in batches. Rows are already database values."""
    if not rows:
        return
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Names from the models' own metadata, quoted; the values go as COPY data.
            with cursor.cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {qn(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608  # nosec B608
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _timestamp_format() -> Callable[[datetime], str]:
    """How an aware UTC datetime is stored: PostgreSQL takes ISO 8601 with its offset;
    Django keeps SQLite's as naive UTC text ('2024-05-01 09:30:00'). The seeder only makes
    UTC datetimes, so the offset is always '+00:00'."""
    if connection.vendor == "sqlite":
        return lambda v: v.isoformat(" ")[:-6]
    return datetime.isoformat


@contextmanager
def _fast_sqlite() -> Iterator[None]:
    """SQLite, during the seed only: no fsync at each commit (a crash mid-seed loses a
    benchmark database, nothing else) and a larger page cache for the growing indexes.
    WAL stays; both settings are restored afterwards. Inside a transaction (a test) SQLite
    refuses to change the safety level, so it is left alone there."""
    if connection.vendor != "sqlite":
        yield
        return
    pragmas = ["cache_size"] if connection.in_atomic_block else ["synchronous", "cache_size"]
    faster = {"synchronous": "OFF", "cache_size": "-262144"}  # 256 MiB of pages
    saved = {}
    # PRAGMA takes no parameters; the names and values are the constants above and the
    # integers SQLite itself reported, never outside input.
    with connection.cursor() as cursor:
        for name in pragmas:
            cursor.execute(f"PRAGMA {name}")  # nosemgrep: casereview-no-formatted-sql
            saved[name] = int(cursor.fetchone()[0])
            faster_sql = f"PRAGMA {name}={faster[name]}"
            cursor.execute(faster_sql)  # nosemgrep: casereview-no-formatted-sql
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in saved.items():
                cursor.execute(f"PRAGMA {name}={value}")  # nosemgrep: casereview-no-formatted-sql


AUDIT_COLUMNS = [
    "position",
    "occurred_at",
    "actor_user_id",
    "actor_label",
    "membership_id",
    "role",
    "action",
    "object_type",
    "object_id",
    "partnership_id",
    "purpose",
    "recipients",
    "prev_hash",
    "entry_hash",
]
_json_str = json.encoder.encode_basestring_ascii  # what json.dumps uses for str (ensure_ascii)


@dataclass(frozen=True)
class BenchActor:
    """A membership as the audit log records it, with its share of the canonical JSON."""

    actor: Actor
    middle: str  # "actor_label":…,"actor_user_id":…,"membership_id":…
    role: str  # the JSON of the role, the last key

    @classmethod
    def of(cls, member: Membership) -> "BenchActor":
        actor = Actor.for_membership(member)
        user_id = "null" if actor.user_id is None else str(actor.user_id)
        membership_id = "null" if actor.membership_id is None else str(actor.membership_id)
        return cls(
            actor,
            f'"actor_label":{_json_str(actor.label)},"actor_user_id":{user_id},'
            f'"membership_id":{membership_id}',
            _json_str(actor.role),
        )


# One act: (occurred_at, actor, action, object_type, object_id, partnership_id, purpose,
# recipients). Sorted by time before they are chained.
Act = tuple[datetime, BenchActor, str, str, str, int, str, str]


def chain_past(acts: list[Act], ts: Callable[[datetime], str]) -> int:
    """Append past acts to the audit chain under one lock of its head, chained exactly as
    live entries are but without a model instance per entry: the canonical
    JSON that `core.audit.audit_hash` hashes is assembled from cached pieces. The first
    entry of every call is also hashed the ordinary way and must agree, so a change to what
    the chain hashes stops the seed instead of writing a chain that does not verify."""
    if not acts:
        return 0
    sha256 = hashlib.sha256
    with transaction.atomic(savepoint=False):
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"position": 0, "last_hash": GENESIS_HASH}
        )
        position, last_hash = head.position, head.last_hash
        rows = []
        fragments: dict[tuple[str, str, str, int, str, str], tuple[str, str]] = {}
        for at, who, action, kind, oid, pid, purpose, recipients in acts:
            position += 1
            key = (action, kind, oid, pid, purpose, recipients)
            pieces = fragments.get(key)
            if pieces is None:
                pieces = fragments[key] = (
                    f'{{"action":{_json_str(action)},',
                    f'"object_id":{_json_str(oid)},"object_type":{_json_str(kind)},',
                )
            canonical = (
                f'{pieces[0]}{who.middle},{pieces[1]}"occurred_at":"{at.isoformat()}",'
                f'"partnership_id":{pid},"position":{position},"prev_hash":"{last_hash}",'
                f'"purpose":{_json_str(purpose)},"recipients":{_json_str(recipients)},'
                f'"role":{who.role}}}'
            )
            entry_hash = sha256(canonical.encode()).hexdigest()
            rows.append(
                (
                    position,
                    ts(at),
                    who.actor.user_id,
                    who.actor.label,
                    who.actor.membership_id,
                    who.actor.role,
                    action,
                    kind,
                    oid,
                    pid,
                    purpose,
                    recipients,
                    last_hash,
                    entry_hash,
                )
            )
            last_hash = entry_hash
        _check_first_hash(acts[0], rows[0])
        write_rows(AuditEntry._meta.db_table, AUDIT_COLUMNS, rows)
        AuditChainHead.objects.filter(pk=head.pk).update(position=position, last_hash=last_hash)
    return len(rows)


def _check_first_hash(act: Act, row: tuple[Any, ...]) -> None:
    at, who, action, kind, oid, pid, purpose, recipients = act
    entry = AuditEntry(
        position=row[0],
        occurred_at=at,
        actor_user_id=who.actor.user_id,
        actor_label=who.actor.label,
        membership_id=who.actor.membership_id,
        role=who.actor.role,
        action=action,
        object_type=kind,
        object_id=oid,
        partnership_id=pid,
        purpose=purpose,
        recipients=recipients,
        prev_hash=row[12],
    )
    if audit_hash(audit_hashed_fields(entry)) != row[13]:
        raise RuntimeError("The seed's audit hashes no longer match core.audit's: update it.")


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
    agency_ids: list[int] = field(default_factory=list)
    relevant: list[tuple[int, bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Plain values for the seeder's inner loops (a model's .pk is a property call).
        self.agency_ids = [a.pk for a in self.agencies]
        self.relevant = [(a.pk, a.relevant_body) for a in self.agencies]


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


COLLECT, ALTER, DISCLOSE = (
    str(a.value) for a in (AuditAction.COLLECT, AuditAction.ALTER, AuditAction.DISCLOSE)
)


class Batch:
    """Rows waiting to be written, per table, in dependency order, and the acts to log."""

    def __init__(self) -> None:
        from casereview.appeals.models import Appeal
        from casereview.reviews import models as review

        self.applications = Table(
            Application,
            [
                "id",
                "partnership_id",
                "reference",
                "status",
                "received",
                "channel",
                "applicant_type",
                "victim_name",
                "victim_address",
                "victim_postcode",
                "victim_email",
                "contact_preference",
                "large_print",
                "description",
                "consent_to_share",
                "acknowledgement_due",
                "conclusion_due",
                "recorded_by_id",
                "recorded_at",
                "victim_name_key",
                "victim_surname_key",
                "victim_postcode_key",
                "next_complaint_number",
            ],
        )
        self.complaints = Table(
            Complaint,
            [
                "id",
                "application_id",
                "key",
                "behaviour_date",
                "reported_date",
                "agency_id",
                "relevant_body",
                "reference",
                "summary",
                "hate",
                "same_incident_as",
            ],
        )
        self.decisions = Table(
            ThresholdDecision,
            [
                "id",
                "application_id",
                "met",
                "rationale",
                "review_date",
                "policy_version_id",
                "engine_output",
                "decided_by_id",
                "decided_at",
            ],
        )
        self.letters = Table(
            Letter,
            [
                "id",
                "application_id",
                "partnership_id",
                "kind",
                "recipient_name",
                "recipient_email",
                "recipient_address",
                "delivery",
                "large_print",
                "html",
                "pdf",
                "sha256",
                "pdf_rendered_at",
                "created_by_id",
                "created_at",
                "sent_at",
                "posted_at",
                "posted_by_id",
            ],
        )
        self.requests = Table(
            review.PartnerRequest,
            [
                "id",
                "application_id",
                "partnership_id",
                "agency_id",
                "due",
                "requested_by_id",
                "requested_at",
                "first_viewed_at",
            ],
        )
        self.contributions = Table(
            review.Contribution,
            ["id", "request_id", "nil_return", "summary", "updated_by_id", "updated_at"],
        )
        self.involvements = Table(
            review.Involvement, ["id", "contribution_id", "date", "kind", "details"]
        )
        self.meetings = Table(
            review.Meeting,
            ["id", "application_id", "starts_at", "location", "scheduled_by_id", "scheduled_at"],
        )
        self.minutes = Table(
            review.Minutes,
            [
                "id",
                "application_id",
                "version",
                "summary",
                "decisions",
                "recorded_by_id",
                "recorded_at",
                "approved_by_id",
                "approved_at",
            ],
        )
        self.recommendations = Table(
            review.Recommendation, ["id", "minutes_id", "text", "agency_id"]
        )
        self.actions = Table(
            review.Action, ["id", "minutes_id", "text", "agency_id", "due", "status"]
        )
        self.conclusions = Table(
            review.Conclusion,
            ["id", "application_id", "summary", "minutes_id", "late", "issued_by_id", "issued_at"],
        )
        self.withdrawals = Table(
            review.Withdrawal,
            [
                "id",
                "application_id",
                "reason",
                "previous_status",
                "withdrawn_by_id",
                "withdrawn_at",
            ],
        )
        self.appeals = Table(
            Appeal,
            [
                "id",
                "application_id",
                "partnership_id",
                "against_id",
                "received",
                "grounds",
                "details",
                "due_by",
                "recorded_by_id",
                "recorded_at",
                "upheld",
                "findings",
                "recommendations",
                "decided_at",
            ],
        )
        self.meeting_agencies = Table(review.Meeting.agencies.through, ["meeting_id", "agency_id"])
        self.audit: list[Act] = []

    def tables(self) -> list[Table]:
        """Parents before children."""
        return [
            self.applications,
            self.complaints,
            self.decisions,
            self.letters,
            self.requests,
            self.contributions,
            self.involvements,
            self.meetings,
            self.minutes,
            self.recommendations,
            self.actions,
            self.conclusions,
            self.withdrawals,
            self.appeals,
            self.meeting_agencies,
        ]

    def write(self, ts: Callable[[datetime], str]) -> None:
        for table in self.tables():
            table.write()
        self.audit.sort(key=lambda act: act[0])
        chain_past(self.audit, ts)


@dataclass(slots=True)
class App:
    """What the rest of an application's history needs to know about it."""

    pk: int
    received: date
    reference: str
    by_email: bool
    name: str
    email: str
    address: str
    postcode: str
    large_print: bool
    conclusion_due: date
    minutes_id: int | None = None


def _json(value: object) -> str:
    """A JSONField's value as the database gets it (the same text on both databases)."""
    return json.dumps(value)


@dataclass
class Seeder:
    applications: int
    complaints: int
    today: date
    rng: random.Random
    tenants: list[Tenant]
    ids: Ids
    html: str = "<main><p>Synthetic letter: the text is not stored for load-test data.</p></main>"

    def __post_init__(self) -> None:
        self.ts = _timestamp_format()
        self.actors = {t.pso.pk: BenchActor.of(t.pso) for t in self.tenants} | {
            t.chair.pk: BenchActor.of(t.chair) for t in self.tenants
        }
        self.deadlines: dict[date, Any] = {}
        self.keys: dict[str, str] = {}
        self.engine_output = {
            met: _json({"met": met, "explanation": "Synthetic decision."}) for met in (True, False)
        }
        self.decisions = _json(["Joint visit", "Mediation offered"])
        self.grounds = _json(["facts_not_considered"])
        self.appeal_recommendations = {
            True: _json(["Re-examine the council's reports."]),
            False: _json([]),
        }

    def act(
        self,
        b: Batch,
        member: Membership,
        at: datetime,
        action: str,
        kind: str,
        oid: str,
        pid: int,
        purpose: str,
        recipients: str = "",
    ) -> None:
        b.audit.append((at, self.actors[member.pk], action, kind, oid, pid, purpose, recipients))

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
            batch = Batch()
            for received in dates[start : start + CHUNK]:
                tenant = self.rng.choices(self.tenants, weights)[0]
                self.application(batch, tenant, received, per_app)
            with transaction.atomic():
                batch.write(self.ts)
            for table in batch.tables()[:-1]:
                label = table.model._meta.label
                counts[label] = counts.get(label, 0) + len(table.rows)
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

    def search_key(self, text: str) -> str:
        key = self.keys.get(text)
        if key is None:
            key = self.keys[text] = search_key(text)
        return key

    def application(self, b: Batch, t: Tenant, received: date, per_app: float) -> None:
        # The random draws keep the order they have always had, so a seed gives the same data.
        rng = self.rng
        ts = self.ts
        age = (self.today - received).days
        status = _status_for(age, rng)
        deadlines = self.deadlines.get(received)
        if deadlines is None:
            deadlines = self.deadlines[received] = case_deadlines(received, ClockSettings(5, 28))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        postcode = f"{rng.choice(OUTWARDS)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"  # noqa: E501
        by_email = rng.random() < 0.6
        name = f"{first} {last}"
        pid = t.partnership.pk
        channel = rng.choice(["phone", "in_person", "online", "email", "advocate"])
        applicant_type = "individual" if rng.random() < 0.9 else "business"
        address = f"{rng.randint(1, 200)} {rng.choice(STREETS)}"
        large_print = rng.random() < 0.05
        recorded_at = _at(received, rng)
        n = max(1, round(rng.gauss(per_app, per_app / 3)))
        app = App(
            pk=self.ids.take(Application),
            received=received,
            reference=self.reference(t, received.year),
            by_email=by_email,
            name=name,
            email=f"{first}.{last}@example.org".lower() if by_email else "",
            address=address,
            postcode=postcode,
            large_print=large_print,
            conclusion_due=deadlines.conclusion_due,
        )
        b.applications.add(
            app.pk,
            pid,
            app.reference,
            str(status),
            received,
            channel,
            applicant_type,
            name,
            app.address,
            postcode,
            app.email,
            "email" if by_email else "post",
            app.large_print,
            "Repeated noise, shouting and damage to property late at night.",
            True,
            deadlines.acknowledgement_due,
            deadlines.conclusion_due,
            t.pso.user_id,
            ts(recorded_at),
            self.search_key(name),
            self.search_key(last),
            postcode_key(postcode),
            n + 1,
        )
        self.act(
            b,
            t.pso,
            recorded_at,
            COLLECT,
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
        letters: dict[str, tuple[int, datetime]] = {}
        if decided:
            at = _at(decided_on, rng)
            b.decisions.add(
                self.ids.take(ThresholdDecision),
                app.pk,
                met,
                "",
                deadlines.conclusion_due - timedelta(days=3) if met else None,
                t.policy.pk,
                self.engine_output[met],
                t.chair.user_id,
                ts(at),
            )
            self.act(
                b,
                t.chair,
                at,
                ALTER,
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

    def complaints_of(self, b: Batch, t: Tenant, app: App, n: int) -> None:
        rng = self.rng
        add = b.complaints.add
        take = self.ids.take
        agencies = t.relevant
        received = app.received
        for i in range(n):
            behaviour = received - timedelta(days=rng.randint(3, 170))
            agency_id, relevant = rng.choice(agencies) if rng.random() < 0.9 else (None, False)
            reported = min(behaviour + timedelta(days=rng.randint(0, 20)), received)
            reference = f"REF-{rng.randint(1000, 99999)}" if rng.random() < 0.5 else ""
            hate = rng.random() < 0.03
            add(
                take(Complaint),
                app.pk,
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

    def letter(
        self, b: Batch, t: Tenant, app: App, kind: str, at: datetime
    ) -> tuple[int, datetime]:
        """Returns the letter's key and when it was created."""
        ts = self.ts
        email = app.by_email
        pk = self.ids.take(Letter)
        sent_at = at + timedelta(minutes=1) if email else None
        posted_at = None if email else at + timedelta(hours=20)
        b.letters.add(
            pk,
            app.pk,
            t.partnership.pk,
            kind,
            app.name,
            app.email,
            f"{app.address}\n{app.postcode}",
            "email" if email else "post",
            app.large_print,
            self.html,
            TINY_PDF,
            TINY_PDF_SHA256,
            ts(at),
            t.chair.user_id,
            ts(at),
            ts(sent_at) if sent_at else None,
            ts(posted_at) if posted_at else None,
            None if email else t.pso.user_id,
        )
        pid = t.partnership.pk
        purpose = "telling the applicant the outcome of their application"
        self.act(
            b,
            t.chair,
            at,
            COLLECT,
            "letter",
            str(pk),
            pid,
            f"{purpose}: {kind} for {app.reference}",
        )
        who = app.email if email else f"{app.name}, {app.address}"
        sent = sent_at or posted_at
        assert sent is not None
        self.act(
            b,
            t.pso,
            sent,
            DISCLOSE,
            "letter",
            str(pk),
            pid,
            f"{purpose}: {'emailed' if email else 'posted'} ({app.reference})",
            who,
        )
        return pk, at

    def review(self, b: Batch, t: Tenant, app: App, decided_on: date, status: str) -> None:
        rng = self.rng
        ts = self.ts
        take = self.ids.take
        asked_on = min(decided_on + timedelta(days=1), self.today)
        asked_at = _at(asked_on, rng)
        pid = t.partnership.pk
        answered = status in MET_AND_MINUTED
        requested_at, viewed_at = ts(asked_at), ts(asked_at + timedelta(hours=5))
        for agency_id in t.agency_ids[: rng.randint(3, len(t.agency_ids))]:
            request_id = take(b.requests.model)
            b.requests.add(
                request_id,
                app.pk,
                pid,
                agency_id,
                asked_on + timedelta(days=10),
                t.pso.user_id,
                requested_at,
                viewed_at,
            )
            if answered or rng.random() < 0.5:
                nil = rng.random() < 0.25
                at = asked_at + timedelta(days=rng.randint(1, 8))
                contribution_id = take(b.contributions.model)
                b.contributions.add(
                    contribution_id,
                    request_id,
                    nil,
                    "" if nil else "Two reports attended; advice given.",
                    t.pso.user_id,
                    ts(at),
                )
                if not nil:
                    b.involvements.add(
                        take(b.involvements.model),
                        contribution_id,
                        app.received - timedelta(days=rng.randint(5, 90)),
                        "incident",
                        "Attended a report of shouting in the street.",
                    )
        self.act(
            b,
            t.pso,
            asked_at,
            DISCLOSE,
            "application",
            app.reference,
            pid,
            "managing an ASB case review: partners asked for their involvement",
        )
        if not answered:
            return
        met_at = _at(min(app.received + timedelta(days=18), self.today), rng)
        meeting_id = take(b.meetings.model)
        b.meetings.add(
            meeting_id, app.pk, ts(met_at), "Civic Centre, Room 2", t.pso.user_id, requested_at
        )
        for agency_id in t.agency_ids[:4]:
            b.meeting_agencies.add(meeting_id, agency_id)
        minutes_id = app.minutes_id = take(b.minutes.model)
        recorded_at = met_at + timedelta(hours=3)
        approved_at = met_at + timedelta(days=1)
        b.minutes.add(
            minutes_id,
            app.pk,
            1,
            "The partners reviewed the history and agreed a plan.",
            self.decisions,
            t.pso.user_id,
            ts(recorded_at),
            t.chair.user_id,
            ts(approved_at),
        )
        for _ in range(rng.randint(0, 2)):
            b.recommendations.add(
                take(b.recommendations.model),
                minutes_id,
                "Share incident logs weekly.",
                rng.choice(t.agency_ids),
            )
        for _ in range(rng.randint(1, 2)):
            b.actions.add(
                take(b.actions.model),
                minutes_id,
                "Visit the victim and agree a contact plan.",
                rng.choice(t.agency_ids),
                met_at.date() + timedelta(days=14),
                "done" if status in CONCLUDED else "open",
            )
        self.act(
            b,
            t.pso,
            recorded_at,
            COLLECT,
            "application",
            app.reference,
            pid,
            "managing an ASB case review: minutes recorded",
        )
        self.act(
            b,
            t.chair,
            approved_at,
            ALTER,
            "application",
            app.reference,
            pid,
            "managing an ASB case review: minutes approved",
        )

    def conclusion(self, b: Batch, t: Tenant, app: App, on: date) -> tuple[int, datetime]:
        at = _at(on, self.rng)
        b.conclusions.add(
            self.ids.take(b.conclusions.model),
            app.pk,
            "The partners agreed an action plan.",
            app.minutes_id,
            on > app.conclusion_due,
            t.chair.user_id,
            self.ts(at),
        )
        self.act(
            b,
            t.chair,
            at,
            ALTER,
            "application",
            app.reference,
            t.partnership.pk,
            "managing an ASB case review: concluded",
        )
        return self.letter(b, t, app, "conclusion", at)

    def withdrawal(self, b: Batch, t: Tenant, app: App, on: date) -> None:
        at = _at(on, self.rng)
        b.withdrawals.add(
            self.ids.take(b.withdrawals.model),
            app.pk,
            "The applicant asked to withdraw.",
            str(Status.RECEIVED),
            t.pso.user_id,
            self.ts(at),
        )
        self.act(
            b,
            t.pso,
            at,
            ALTER,
            "application",
            app.reference,
            t.partnership.pk,
            "managing an ASB case review: withdrawn",
        )

    def appeal(
        self, b: Batch, t: Tenant, app: App, letters: dict[str, tuple[int, datetime]], status: str
    ) -> None:
        against_id, against_at = letters.get("conclusion") or letters["acknowledgement"]
        received = min(against_at.date() + timedelta(days=10), self.today)
        decided = status != Status.APPEALED
        decided_at = _at(min(received + timedelta(days=30), self.today), self.rng)
        upheld = status == Status.APPEAL_UPHELD
        recorded_at = _at(received, self.rng)
        b.appeals.add(
            self.ids.take(b.appeals.model),
            app.pk,
            t.partnership.pk,
            against_id,
            received,
            self.grounds,
            "The applicant says earlier reports were not counted.",
            received + timedelta(days=18),
            t.pso.user_id,
            self.ts(recorded_at),
            upheld if decided else None,
            "The review was properly conducted." if decided else "",
            self.appeal_recommendations[upheld],
            self.ts(decided_at) if decided else None,
        )
        self.act(
            b,
            t.pso,
            _at(received, self.rng),
            COLLECT,
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
    )
    progress = Progress(applications)
    with _fast_sqlite():
        counts = seeder.run(progress)
    progress.finish()
    seeder.save_counters()
    reset_sequences(model_list)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics for the new volumes
    return counts, time.monotonic() - start
