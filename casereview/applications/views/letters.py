"""The letter register: preview, PDF, and the list of letters waiting to be posted."""

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from casereview.applications import selectors
from casereview.applications.letters import letter_mark_posted
from casereview.applications.models import Letter
from casereview.core.audit import note_read
from casereview.core.permissions import role_required

_MAIN = re.compile(r"<main>(.*)</main>", re.DOTALL)
PURPOSE = "managing an ASB case review: reading a letter"


def letter_opened(request: HttpRequest, letter_id: int, purpose: str = PURPOSE) -> Letter:
    """The letter, if the acting role may see its application (else 404), noted as read."""
    letter = selectors.letter_get(request.membership, letter_id)  # type: ignore[attr-defined]
    note_read(
        request,
        object_type="letter",
        object_id=letter.pk,
        partnership_id=letter.partnership_id,
        purpose=purpose,
    )
    return letter


def pdf_response(letter: Letter, disposition: str) -> HttpResponse:
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'{disposition}; filename="{letter.filename}"'
    return response


@role_required("applications.list")
def preview(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = letter_opened(request, letter_id)
    match = _MAIN.search(letter.html)
    # The letter's HTML was rendered by our own autoescaping template and never changes.
    body = mark_safe(match[1] if match else "")  # noqa: S308  # nosec B308 B703
    return render(
        request,
        "applications/letter.html",
        {
            "title": f"{letter.get_kind_display()} letter for {letter.application.reference}",
            "letter": letter,
            "body": body,
        },
    )


@role_required("applications.list")
def pdf(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = letter_opened(request, letter_id)
    if not letter.pdf_ready:
        # Never wait for the renderer on a request: the letter's page says it is coming.
        messages.info(request, "The PDF of this letter is being prepared. Try again in a minute.")
        return redirect("applications:letter", letter_id=letter.pk)
    return pdf_response(letter, "attachment")


@role_required("letters.dispatch")
def to_post(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    rows = list(selectors.letters_to_dispatch(membership))
    for letter in rows:
        note_read(
            request,
            object_type="letter",
            object_id=letter.pk,
            partnership_id=letter.partnership_id,
            purpose="posting letters",
        )
    return render(
        request, "applications/to_post.html", {"title": "Letters to post", "letters": rows}
    )


@role_required("letters.dispatch")
def mark_posted(request: HttpRequest, letter_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("applications:to_post")
    letter = selectors.letter_get(request.membership, letter_id)  # type: ignore[attr-defined]
    letter_mark_posted(membership=request.membership, letter=letter)  # type: ignore[attr-defined]
    messages.success(request, f"The letter to {letter.recipient_name} is marked as posted.")
    return redirect("applications:to_post")
