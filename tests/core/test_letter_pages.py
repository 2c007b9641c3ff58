"""A letter's last page never holds only its closing and signature: they stay with the end
of the letter's last paragraph, however long the letter runs (WeasyPrint's own layout,
page by page)."""

from collections.abc import Iterator

import pytest
from builders import case_at
from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes

from casereview.decision.letters import acknowledgement_html
from casereview.letters.render import LETTER_CSS, recipient_of

FILLER = "The Chair read every report from the police and the council with care. "


def _texts(box: boxes.Box) -> Iterator[str]:
    if isinstance(box, boxes.TextBox):
        yield box.text
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def _pages(html: str) -> list[str]:
    document = HTML(string=html, base_url=str(settings.PROJECT_DIR)).render(
        stylesheets=[CSS(string=LETTER_CSS.read_text())]
    )
    return [" ".join(_texts(page._page_box)) for page in document.pages]


@pytest.mark.django_db
def test_the_signature_never_stands_alone_on_a_page(demo) -> None:
    application = case_at("decided", met=False)
    decision = application.decision
    recipient = recipient_of(application)
    seen_two_pages = False
    # One more line of the Chair's reasons at a time, until the signature has been pushed
    # past the page's end at every point of its height.
    for lines in range(16):
        decision.rationale = FILLER * lines  # not saved: the letter is only laid out
        pages = _pages(acknowledgement_html(application, decision, recipient))
        seen_two_pages = seen_two_pages or len(pages) > 1
        last = pages[-1]
        assert "Yours sincerely" in last
        assert "If you disagree" in last or "Email:" in last, (lines, last[:300])
    assert seen_two_pages
