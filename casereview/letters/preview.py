"""Seeing a letter before it is issued: the act that issues it is run inside a transaction
that is always rolled back, and the letter it would have registered is kept only as text.
Nothing is registered, sent, queued or moved on (after-commit work never runs); the preview
itself is audited as a read of the case."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.safestring import SafeString, mark_safe

from casereview.accounts.models import Membership
from casereview.applications.models import Application, Letter, LetterKind
from casereview.core.audit import Actor, audit_record
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.core.view_helpers import put_errors
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


@dataclass(frozen=True)
class Previewed:
    """What a page's preview buttons answer: a response of their own (the PDF, or a redirect
    with a banner when the act is refused outright), or the letter to show under the form,
    or neither (the act's refusals are on the form)."""

    response: HttpResponse | None = None
    letter: SafeString | None = None


def letter_preview_answer(
    request: HttpRequest,
    form: forms.Form,
    *,
    membership: Membership,
    application: Application,
    kind: str,
    act: Callable[[], object],
    refused_to: str,
) -> Previewed:
    """The "Preview the letter" and "Preview the letter as a PDF" buttons of a page whose
    form issues a letter: the same answer on every such page."""
    try:
        html = letter_preview(membership=membership, application=application, kind=kind, act=act)
    except InvalidInput as exc:
        put_errors(form, exc)
        return Previewed()
    except NotAllowedNow as exc:
        messages.error(request, str(exc))
        return Previewed(response=redirect(refused_to))
    if request.POST.get("preview") == "pdf":
        filename = f"{application.reference}-{kind.replace('_', '-')}.pdf"
        return Previewed(response=preview_pdf_response(html, filename))
    return Previewed(letter=letter_body(html))
