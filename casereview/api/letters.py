"""A letter from the register, as the PDF that was sent."""

from django.http import HttpRequest, HttpResponse
from ninja import Router

from casereview.applications import selectors
from casereview.core.audit import note_read

router = Router(tags=["letters"])


@router.get(
    "/{letter_id}",
    summary="A letter as application/pdf",
    response={200: bytes},
    openapi_extra={
        "responses": {
            200: {
                "description": "The letter",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def letter_pdf(request: HttpRequest, letter_id: int) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    letter = selectors.letter_get(membership, letter_id)
    note_read(
        request,
        object_type="letter",
        object_id=letter.pk,
        partnership_id=letter.partnership_id,
        purpose="managing an ASB case review (API): reading a letter",
    )
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.filename}"'
    return response
