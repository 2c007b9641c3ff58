"""The letter register: preview, PDF, and the list of letters waiting to be posted."""

import re

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from casereview.accounts.models import Role
from casereview.accounts.requests import StaffRequest
from casereview.core.audit import note_read
from casereview.core.permissions import role_required
from casereview.letters import selectors
from casereview.letters.register import letter_mark_posted
from casereview.letters.responses import OFFICE_PURPOSE, PURPOSE, letter_opened, pdf_response

_MAIN = re.compile(r"<main>(.*)</main>", re.DOTALL)


def _purpose(request: StaffRequest) -> str:
    return OFFICE_PURPOSE if request.membership.role == Role.APPEALS else PURPOSE


@role_required("letters.read")
def preview(request: StaffRequest, letter_id: int) -> HttpResponse:
    letter = letter_opened(request, letter_id, _purpose(request))
    match = _MAIN.search(letter.html)
    # The letter's HTML was rendered by our own autoescaping template and never changes.
    body = mark_safe(match[1] if match else "")  # noqa: S308  # nosec B308 B703
    return render(
        request,
        "letters/letter_page.html",
        {
            "title": f"{letter.get_kind_display()} letter for {letter.about}",
            "letter": letter,
            "body": body,
        },
    )


@role_required("letters.read")
def pdf(request: StaffRequest, letter_id: int) -> HttpResponse:
    letter = letter_opened(request, letter_id, _purpose(request))
    if not letter.pdf_ready:
        # Never wait for the renderer on a request: the letter's page says it is coming.
        messages.info(request, "The PDF of this letter is being prepared. Try again in a minute.")
        return redirect("letters:letter", letter_id=letter.pk)
    return pdf_response(letter, "attachment")


@role_required("letters.dispatch")
def to_post(request: StaffRequest) -> HttpResponse:
    membership = request.membership
    rows = list(selectors.letters_to_dispatch(membership))
    for letter in rows:
        note_read(
            request,
            object_type="letter",
            object_id=letter.pk,
            partnership_id=letter.partnership_id,
            purpose="posting letters",
        )
    return render(request, "letters/to_post.html", {"title": "Letters to post", "letters": rows})


@role_required("letters.dispatch")
def mark_posted(request: StaffRequest, letter_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("letters:to_post")
    letter = selectors.letter_to_dispatch_get(request.membership, letter_id)
    letter_mark_posted(membership=request.membership, letter=letter)
    messages.success(request, f"The letter to {letter.recipient_name} is marked as posted.")
    return redirect("letters:to_post")
