"""Letters are tagged PDFs (PDF/UA-1) with a title and a language, so screen readers can
read them; the large-print variant is the same document in a larger type."""

import io

from builders import case_at
from pypdf import PdfReader


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def test_the_acknowledgement_is_a_tagged_pdf_with_title_and_language(
    demo, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the task that renders the PDF
        application = case_at("decided", met=False)
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
