"""Seeing a letter before it is issued: the act that issues it is run inside a transaction
that is always rolled back, and the letter it would have registered is kept only as text.
Nothing is registered, sent, queued or moved on (after-commit work never runs); the preview
itself is audited as a read of the case."""

import re
from collections.abc import Callable

from django.db import transaction
from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe

from casereview.accounts.models import Membership
from casereview.applications.models import Application, Letter, LetterKind
from casereview.core.audit import Actor, audit_record
from casereview.core.models import AuditAction
from casereview.letters.render import render_pdf

_MAIN = re.compile(r"<main>(.*)</main>", re.DOTALL)


class _NotIssued(Exception):
    """Raised inside the preview's transaction so that everything the act did is undone."""


def letter_preview(
    *, membership: Membership, application: Application, kind: str, act: Callable[[], object]
) -> str:
    """The HTML of the `kind` letter that `act` (the issuing service, called as it would be)
    would create. Refusals of the act (InvalidInput, NotAllowedNow) pass through unchanged."""
    html = ""
    try:
        with transaction.atomic():
            before = Letter.objects.filter(application_id=application.pk).order_by("-pk")
            last = before.values_list("pk", flat=True).first() or 0
            act()
            letter = (
                Letter.objects.filter(application_id=application.pk, kind=kind, pk__gt=last)
                .order_by("-pk")
                .first()
            )
            html = letter.html if letter is not None else ""
            raise _NotIssued
    except _NotIssued:
        pass
    # The act changed the application in memory before the rollback undid it in the table.
    application.refresh_from_db()
    with transaction.atomic():
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.VIEW,
            object_type="application",
            object_id=application.reference,
            partnership_id=application.partnership_id,
            # In words, as the log is read: "the appeal outcome letter".
            purpose=f"previewing the {LetterKind(kind).label.lower()} letter before it is issued",
        )
    return html


def preview_pdf_response(html: str, filename: str) -> HttpResponse:
    """The preview as a PDF, made on the request (it is one letter, and nothing is kept)."""
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="preview-{filename}"'
    return response


def letter_body(html: str) -> SafeString:
    """The letter's content, to show inside a page."""
    match = _MAIN.search(html)
    # The letter's HTML was rendered by our own autoescaping template.
    return mark_safe(match[1] if match else "")  # noqa: S308  # nosec B308 B703
