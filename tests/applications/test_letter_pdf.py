"""Letters are tagged PDFs (PDF/UA-1) with a title and a language, so screen readers can
read them; the large-print variant is the same document in a larger type."""

import io

from pypdf import PdfReader

from casereview.decision.services import threshold_decide


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def test_the_acknowledgement_is_a_tagged_pdf_with_title_and_language(
    recorded, membership, django_capture_on_commit_callbacks
) -> None:
    application = recorded()
    with django_capture_on_commit_callbacks(execute=True):  # the task that renders the PDF
        threshold_decide(
            membership=membership("chair@nul.example"),
            application=application,
            met=False,
            rationale="Not persistent.",
            review_date=None,
        )
    reader = _reader(bytes(application.letters.get().pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert (
        reader.metadata.title == f"Your application for an ASB case review: {application.reference}"
    )
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp
    text = "".join(page.extract_text() for page in reader.pages)
    assert application.reference in text and "has not been met" in text
