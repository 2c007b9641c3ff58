"""Opening a letter from the register, for a page or the API: scoped to the acting role
(404 otherwise), noted in the audit log as read, and sent as the PDF that went out."""

from django.http import HttpResponse

from casereview.accounts.requests import StaffRequest
from casereview.applications.models import Letter
from casereview.core.audit import note_read
from casereview.letters import selectors

PURPOSE = "managing an ASB case review: reading a letter"
OFFICE_PURPOSE = "reviewing an appeal about an ASB case review: reading a letter"


def letter_opened(request: StaffRequest, letter_id: int, purpose: str = PURPOSE) -> Letter:
    """The letter, if the acting role may see its application (else 404), noted as read."""
    letter = selectors.letter_get(request.membership, letter_id)
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
