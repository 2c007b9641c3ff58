"""The letters a synthetic case sends. They hold a short HTML body and one tiny shared PDF,
not 100,000 WeasyPrint renders; each is created by the Chair and emailed or posted."""

import hashlib
from datetime import datetime, timedelta

from casereview.applications.models import Letter
from casereview.devdata.synthetic.chain import COLLECT, DISCLOSE
from casereview.devdata.synthetic.context import Case

HTML = "<main><p>Synthetic letter: the text is not stored for load-test data.</p></main>"
PURPOSE = "telling the applicant the outcome of their application"
_PDF_BODY = b"BT /F1 12 Tf 72 720 Td (Synthetic letter for load testing) Tj ET"


def _tiny_pdf() -> bytes:
    """A minimal valid one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(_PDF_BODY) + _PDF_BODY + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


TINY_PDF = _tiny_pdf()
TINY_PDF_SHA256 = hashlib.sha256(TINY_PDF).hexdigest()


def letter(case: Case, kind: str, at: datetime) -> tuple[int, datetime]:
    """Returns the letter's key and when it was created."""
    pk = case.ctx.ids.take(Letter)
    email = case.by_email
    sent = at + timedelta(minutes=1) if email else at + timedelta(hours=20)
    _add_row(case, pk, kind, at, sent)
    t, on = case.t, ("letter", str(pk))
    case.act(t.chair, at, COLLECT, f"{PURPOSE}: {kind} for {case.reference}", on)
    how = "emailed" if email else "posted"
    who = f"victim (letter {pk})"  # synthetic cases have no advocate
    case.act(t.pso, sent, DISCLOSE, f"{PURPOSE}: {how} ({case.reference})", on, who)
    return pk, at


def _add_row(case: Case, pk: int, kind: str, at: datetime, sent: datetime) -> None:
    ts, t, email = case.ctx.ts, case.t, case.by_email
    case.b.letters.add(
        pk,
        case.pk,
        t.partnership.pk,
        kind,
        case.name,
        case.email,
        f"{case.address}\n{case.postcode}",
        "email" if email else "post",
        case.large_print,
        HTML,
        TINY_PDF,
        TINY_PDF_SHA256,
        ts(at),
        t.chair.user_id,
        ts(at),
        ts(sent) if email else None,
        None if email else ts(sent),
        None if email else t.pso.user_id,
    )
