"""How fast anyone may guess passwords.

Two limits. django-axes locks one account from one address for 15 minutes after five wrong
passwords (AXES_LOCKOUT_PARAMETERS): a stranger elsewhere cannot lock a member of staff out,
only themselves. And across every address, once an email address has had FREE_FAILURES
wrong passwords in the last hour, each further try must wait a little longer after the last
wrong one, up to LONGEST_WAIT: a guesser spread over many addresses gets about one try a
minute, while the real person is asked to wait a minute at worst, never locked out.

The wait is counted by the typed email, whether or not an account has it, so it does not
tell anyone which addresses have accounts.

Applicants following their case with a reference and a short access code are held to the
same rule, counted by the typed reference (`kind=WRONG_ACCESS_CODE`), and each address to
ADDRESS_FAILURES wrong codes an hour whatever references it tries.
"""

from datetime import datetime, timedelta

from django.db.models import Max, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from casereview.accounts.models import SecurityEvent, SecurityEventKind

FREE_FAILURES = 10
WINDOW = timedelta(hours=1)
LONGEST_WAIT = timedelta(seconds=60)
SECURITY_EVENT_DAYS = 90
ADDRESS_FAILURES = 20


def email_digest(email: str) -> str:
    return salted_hmac(
        "casereview.accounts.throttle.email", email.strip().lower(), algorithm="sha256"
    ).hexdigest()


def _counted(email: str, now: datetime, kind: SecurityEventKind) -> "QuerySet[SecurityEvent]":
    """The wrong tries of this kind for this email address (or case reference) that count
    now: the last hour's, and only since an administrator last unlocked it (the earlier ones
    are kept as evidence)."""
    digest = email_digest(email)
    since = now - WINDOW
    last_unlock = Subquery(
        SecurityEvent.objects.filter(
            kind=SecurityEventKind.ACCOUNT_UNLOCKED, email_digest=digest, at__gte=since
        )
        .order_by("-at")
        .values("at")[:1]
    )
    return SecurityEvent.objects.filter(kind=kind, email_digest=digest, at__gte=since).filter(
        at__gte=Coalesce(last_unlock, Value(since))
    )


def failures_counted(email: str, now: datetime | None = None) -> int:
    return _counted(email, now or timezone.now(), SecurityEventKind.WRONG_PASSWORD).count()


def wait_before_next_try(
    email: str,
    now: datetime | None = None,
    kind: SecurityEventKind = SecurityEventKind.WRONG_PASSWORD,
) -> timedelta:
    """How long this email address (or case reference, for `WRONG_ACCESS_CODE`) must wait
    before its password (or access code) is checked again."""
    now = now or timezone.now()
    recent = _counted(email, now, kind)
    failures = recent.count()
    if failures < FREE_FAILURES:
        return timedelta(0)
    last = recent.aggregate(last=Max("at"))["last"]
    wait = min(timedelta(seconds=2 ** min(failures - FREE_FAILURES, 16)), LONGEST_WAIT)
    return max(last + wait - now, timedelta(0))


def address_worn_out(
    address: str | None, kind: SecurityEventKind, now: datetime | None = None
) -> bool:
    """Whether this address has had ADDRESS_FAILURES wrong tries of this kind in the last
    hour: one guesser trying many references is stopped there."""
    if not address:
        return False
    now = now or timezone.now()
    return (
        SecurityEvent.objects.filter(kind=kind, address=address, at__gte=now - WINDOW).count()
        >= ADDRESS_FAILURES
    )


def client_address(request: HttpRequest) -> str | None:
    """The address axes locks with: REMOTE_ADDR, which ProxiedClientAddressMiddleware sets from
    nginx's X-Real-IP. Never a header the client chose, or a guesser would pick a new one
    for each try."""
    return request.META.get("REMOTE_ADDR") or None


def security_events_purge(now: datetime) -> int:
    """Run by the retention sweep: failed sign-ins are kept 90 days."""
    cutoff = now - timedelta(days=SECURITY_EVENT_DAYS)
    removed, _ = SecurityEvent.objects.filter(at__lt=cutoff).delete()
    return removed
