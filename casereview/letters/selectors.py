"""Reads of the letter register, scoped to what the acting membership may see."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from casereview.accounts.models import Membership, Role
from casereview.applications.models import (
    Application,
    Letter,
)
from casereview.applications.selectors import applications_for
from casereview.letters.render import OFFICE_LETTERS


def letters_without_content() -> Prefetch:
    # The register's HTML and PDF are only read when a letter itself is opened.
    return Prefetch("letters", queryset=Letter.objects.defer("pdf", "html").order_by("pk"))


def letters_of(application: Application) -> list[Letter]:
    return list(application.letters.all())


def letter_get(membership: Membership | None, letter_id: int) -> Letter:
    """Letters are the case team's (and intake's, for what they recorded): partner agencies
    see the case, not the correspondence with the applicant."""
    if membership is None or membership.role == Role.PARTNER:
        raise Http404("No such letter")
    letter = (
        _register_of(membership)
        .filter(pk=letter_id)
        .select_related("application__partnership", "partnership")
        .first()
    )
    if letter is None:
        raise Http404("No such letter")
    return letter


def _register_of(membership: Membership) -> QuerySet[Letter]:
    """Letters of the applications the membership may see, and for the coordinator and the
    Chair the partnership's letters written before any application (the radar's)."""
    of_cases = Q(application__in=applications_for(membership))
    if membership.role in (Role.COORDINATOR, Role.CHAIR) and membership.partnership_id:
        of_cases |= Q(application__isnull=True, partnership_id=membership.partnership_id)
    return Letter.objects.filter(of_cases)


def letters_sent_by(membership: Membership) -> QuerySet[Letter]:
    """The letters the acting membership's organisation sends, of the applications it may
    see: the office's outcome letters for the office, the rest for the partnership."""
    letters = _register_of(membership)
    if membership.role == Role.APPEALS:
        return letters.filter(kind__in=OFFICE_LETTERS)
    return letters.exclude(kind__in=OFFICE_LETTERS)


def letter_to_dispatch_get(membership: Membership, letter_id: int) -> Letter:
    """A letter the acting membership's organisation sends (else 404), to mark it posted."""
    letter = (
        letters_sent_by(membership)
        .filter(pk=letter_id)
        .select_related("application__partnership", "partnership")
        .first()
    )
    if letter is None:
        raise Http404("No such letter")
    return letter


def letters_to_dispatch(membership: Membership) -> QuerySet[Letter]:
    """Letters not yet emailed or posted: posting ones, and emails that failed to send.
    Each organisation posts its own: the office its outcome letters, the partnership the
    rest."""
    return (
        letters_sent_by(membership)
        .filter(sent_at__isnull=True, posted_at__isnull=True)
        .filter(Q(delivery="post") | Q(send_failed_at__isnull=False))
        .select_related("application")
        .defer("pdf", "html")
        .order_by("created_at")
    )
