"""Letters made from the partnership's wording: the HTML from `letters/<kind>.html`, and the
tagged PDF WeasyPrint makes from it, stored once in the register."""

import hashlib
import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from casereview.applications.models import (
    Application,
    ContactPreference,
    Delivery,
    Letter,
    LetterKind,
)
from casereview.partnerships.models import Partnership
from casereview.partnerships.selectors import case_settings_of, letter_wording_of

LETTER_CSS = Path(__file__).parent / "letter.css"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    address: str
    delivery: Delivery


def recipient_of(application: Application) -> Recipient:
    """The advocate when there is one, otherwise the victim. Email only when that is the
    contact preference and there is an address to send to; everything else is posted."""
    if application.has_advocate:
        name, email, address = (
            application.advocate_name,
            application.advocate_email,
            application.advocate_address,
        )
    else:
        name, email, address = (
            application.victim_name,
            application.victim_email,
            f"{application.victim_address}\n{application.victim_postcode}".strip(),
        )
    by_email = application.contact_preference == ContactPreference.EMAIL and bool(email)
    return Recipient(name, email, address, Delivery.EMAIL if by_email else Delivery.POST)


# The letters the Commissioner's office sends on its own letterhead, and posts from its own
# letters-to-post list; the partnership sends every other kind.
OFFICE_LETTERS = (LetterKind.APPEAL_OUTCOME,)


@dataclass(frozen=True)
class Sender:
    """Who a letter is from, and where the applicant replies: the partnership, or for an
    appeal's outcome the Commissioner's office that decided it."""

    name: str
    contact_name: str
    email: str
    phone: str


def sender_of(letter: Letter) -> Sender:
    partnership = letter.partnership
    body = partnership.appeals_body
    if letter.kind in OFFICE_LETTERS and body is not None:
        return Sender(body.name, body.name, body.email, body.phone)
    return Sender(
        partnership.name,
        partnership.contact_name,
        partnership.contact_email,
        partnership.contact_phone,
    )


def recipient_role(application: Application) -> str:
    """Who the letters of this application go to, as the audit log records it: the role,
    never the name or address, which the append-only log could not erase."""
    return "advocate" if application.has_advocate else "victim"


def letter_recipient(letter: Letter) -> str:
    """The audit log's `recipients` cell for a letter: who it went to and which letter."""
    application = letter.application
    if application is None:
        # The radar's explanation letter goes to the person found in the agencies' reports.
        return f"person (letter {letter.pk})"
    advocate = application.has_advocate and letter.recipient_name == application.advocate_name
    return f"{'advocate' if advocate else 'victim'} (letter {letter.pk})"


def _static_roots() -> list[Path]:
    return [Path(d).resolve() for d in (settings.STATIC_ROOT, *settings.STATICFILES_DIRS)]


class StaticFilesOnly(URLFetcher):
    """What a letter may load while it is rendered: the product's own static files, and
    nothing else. WeasyPrint's default fetcher would follow any URL in the HTML (a server on
    the internal network, file:///etc/passwd), and letters hold text people typed."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in _static_roots()):
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
        logger.warning("A letter asked for a %s URL (%s): refused", parts.scheme, parts.netloc)
        # WeasyPrint leaves the resource out and renders the rest of the letter.
        raise ValueError(f"Letters load only the product's static files, not {url[:200]}")


def render_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1), so screen readers can read the letter. It loads nothing but
    the product's own static files (`StaticFilesOnly`)."""
    fetcher = StaticFilesOnly()
    stylesheet = CSS(string=LETTER_CSS.read_text(), url_fetcher=fetcher)
    document = HTML(string=html, base_url=str(settings.PROJECT_DIR), url_fetcher=fetcher)
    pdf = document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
    assert pdf is not None
    return pdf


LetterExtras = Callable[[Application], dict[str, object]]
_letter_extras: list[LetterExtras] = []


def letter_extras_register(provider: LetterExtras) -> None:
    """A later stage adds to every letter's context (the applicants app: the status link's
    access code and QR code), subscribed in its AppConfig.ready()."""
    if provider not in _letter_extras:
        _letter_extras.append(provider)


def point_of_contact(application: Application) -> str:
    """The single point of contact every letter names: the person the applicant asked for
    when there is one, otherwise the partnership's published contact."""
    return application.named_contact or application.partnership.contact_name


def letter_html(
    application: Application, kind: str, recipient: Recipient, **context: object
) -> str:
    """The letter `kind` for this application, from `letters/<kind>.html`."""
    partnership = application.partnership
    extras: dict[str, object] = {}
    for provider in _letter_extras:
        extras.update(provider(application))
    return render_to_string(
        f"letters/{kind}.html",
        {
            "application": application,
            "recipient": recipient,
            "partnership": partnership,
            "appeals_body": partnership.appeals_body,
            "wording": letter_wording_of(partnership),
            "case_settings": case_settings_of(partnership),
            "today": timezone.localdate(),
            "large_print": application.large_print,
            "title": f"Your application for an ASB case review: {application.reference}",
            "point_of_contact": point_of_contact(application),
            **extras,
            **context,
        },
    )


def person_letter_html(
    *,
    partnership: Partnership,
    kind: str,
    recipient: Recipient,
    reference: str,
    large_print: bool,
    title: str,
    **context: object,
) -> str:
    """A letter to someone who has not applied (the radar's explanation of the case review):
    the same letterhead, wording and point of contact, with `reference` as our reference."""
    return render_to_string(
        f"letters/{kind}.html",
        {
            "recipient": recipient,
            "partnership": partnership,
            "appeals_body": partnership.appeals_body,
            "wording": letter_wording_of(partnership),
            "case_settings": case_settings_of(partnership),
            "today": timezone.localdate(),
            "large_print": large_print,
            "title": title,
            "our_reference": reference,
            "point_of_contact": partnership.contact_name,
            **context,
        },
    )


def letter_render(letter_id: int) -> Letter:
    """The letter with its PDF, rendering and storing it first if that has not happened yet.
    Safe to run twice or concurrently: only the first render is kept."""
    letter = Letter.objects.select_related("application__partnership", "partnership").get(
        pk=letter_id
    )
    if letter.pdf_ready or not letter.html:  # an erased letter has nothing left to render
        return letter
    pdf = render_pdf(letter.html)
    Letter.objects.filter(pk=letter.pk, pdf_rendered_at__isnull=True).update(
        pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), pdf_rendered_at=timezone.now()
    )
    letter.refresh_from_db(fields=["pdf", "sha256", "pdf_rendered_at"])
    return letter


LETTER_PURPOSE = "telling the applicant the outcome of their application"
