"""The meeting pack's PDF, rendered off the request path as letters are.

The pack page and its PDF link ask `pack_pdf_for` with the document the reader's request
produced: it answers the stored PDF when ready, or records the document and has the task
worker render it (the page then says it is being prepared). A render lost with its task is
tried again the next time anyone asks.
"""

import hashlib
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from casereview.applications.models import Application
from casereview.letters.render import render_pdf
from casereview.reviews.models import MeetingPack

PACK_KEEP_DAYS = 1
# A pack not rendered after this long lost its task (or no worker is running): ask again.
RENDER_GRACE = timedelta(minutes=10)


def fingerprint_of(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def pack_find(application: Application, html: str) -> MeetingPack | None:
    return MeetingPack.objects.filter(
        application=application, fingerprint=fingerprint_of(html)
    ).first()


def pack_pdf_for(application: Application, html: str) -> MeetingPack:
    """The stored pack for this document; recorded and queued for rendering if it is new
    (or its task was lost)."""
    found = pack_find(application, html)
    if found is not None:
        if not found.pdf_ready and found.created_at < timezone.now() - RENDER_GRACE:
            MeetingPack.objects.filter(pk=found.pk).update(created_at=timezone.now())
            _queue(found.pk)
        return found
    try:
        with transaction.atomic():
            pack = MeetingPack.objects.create(
                application=application,
                partnership_id=application.partnership_id,
                fingerprint=fingerprint_of(html),
                html=html,
            )
    except IntegrityError:  # asked twice at once: the other request queued it
        return MeetingPack.objects.get(application=application, fingerprint=fingerprint_of(html))
    _queue(pack.pk)
    return pack


def _queue(pack_id: int) -> None:
    transaction.on_commit(lambda: pack_render.enqueue(pack_id=pack_id))


@task()
def pack_render(pack_id: int) -> None:
    """Render and store the PDF. Safe to run twice: only the first render is kept."""
    pack = MeetingPack.objects.filter(pk=pack_id).first()
    if pack is None or pack.pdf_ready:  # purged meanwhile, or done
        return
    pdf = render_pdf(pack.html)
    MeetingPack.objects.filter(pk=pack.pk, pdf_rendered_at__isnull=True).update(
        pdf=pdf, pdf_rendered_at=timezone.now()
    )


def packs_purge(now: datetime) -> int:
    """The retention sweep removes packs after a day, and at once those of an erased case:
    they are made again when asked for, from the case as it then is."""
    cutoff = now - timedelta(days=PACK_KEEP_DAYS)
    removed, _ = MeetingPack.objects.filter(
        Q(created_at__lt=cutoff) | Q(application__erased_at__isnull=False)
    ).delete()
    return removed
