"""A letter from the register, as the PDF that was sent."""

from django.http import HttpResponse
from ninja import Router

from casereview.accounts.requests import StaffRequest
from casereview.api.errors import problem, problems
from casereview.letters.responses import letter_opened, pdf_response

router = Router(tags=["letters"])


@router.get(
    "/{letter_id}",
    summary="A letter as application/pdf",
    response={200: None, **problems(404, 409)},
    openapi_extra={
        "responses": {
            200: {
                "description": "The letter",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def letter_pdf(request: StaffRequest, letter_id: int) -> HttpResponse:
    letter = letter_opened(
        request, letter_id, "managing an ASB case review (API): reading a letter"
    )
    if not letter.pdf_ready:
        # Rendered by a background task moments after the letter is made: ask again shortly.
        response = problem(409, "The letter's PDF is being prepared. Try again in a few seconds.")
        response["Retry-After"] = "5"
        return response
    return pdf_response(letter, "inline")
