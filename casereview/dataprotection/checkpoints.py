"""The daily audit checkpoint: written once a day, kept under the checkpoint folder and
emailed to each partnership's data protection officer, so that copies of what the log said
are held by people the service's administrators cannot reach."""

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from casereview.core.audit import Actor, audit_record
from casereview.core.checkpoints import Checkpoint, checkpoint_take, checkpoint_taken_on
from casereview.core.models import AuditAction
from casereview.core.observability.metrics import failure_count
from casereview.partnerships.models import Partnership

logger = logging.getLogger(__name__)

CHECKPOINT_PURPOSE = "audit log checkpoint kept by the data protection officer"
DPO_RECIPIENT = "data protection officer"


@dataclass
class DailyCheckpoint:
    path: Path | None = None  # None: today's was written already
    checkpoint: Checkpoint | None = None
    emailed: list[str] = field(default_factory=list)  # partnerships whose DPO got it
    without_dpo: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _message(partnership: Partnership, checkpoint: Checkpoint, path: Path) -> EmailMessage:
    body = render_to_string(
        "dataprotection/checkpoint_email.txt",
        {
            "partnership": partnership,
            "checkpoint": checkpoint,
            "filename": path.name,
            "service_name": settings.SERVICE_NAME,
            "site_url": settings.SITE_URL,
        },
    )
    message = EmailMessage(
        subject=f"Audit log checkpoint for {checkpoint.time:%d %B %Y}: {settings.SERVICE_NAME}",
        body=body,
        to=[partnership.dpo_email],
    )
    message.attach(path.name, path.read_bytes(), "application/json")
    return message


def checkpoint_daily(now: datetime | None = None) -> DailyCheckpoint:
    """At most one checkpoint a day (by its UTC date): written, kept, and emailed to every
    partnership's data protection officer, each email audited as a disclosure."""
    now = now or timezone.now()
    if checkpoint_taken_on(now.astimezone(UTC).date()) is not None:
        return DailyCheckpoint()
    checkpoint, path = checkpoint_take(at=now)
    done = DailyCheckpoint(path=path, checkpoint=checkpoint)
    actor = Actor.system("audit_checkpoint")
    for partnership in Partnership.objects.order_by("name"):
        if not partnership.dpo_email:
            done.without_dpo.append(partnership.name)
            continue
        try:
            _message(partnership, checkpoint, path).send()
        # Whatever the mail server says, the other officers still get theirs.
        except Exception:
            logger.exception("Could not email the audit checkpoint to %s", partnership.slug)
            failure_count("audit_checkpoint_email")
            done.failed.append(partnership.name)
            continue
        with transaction.atomic():
            audit_record(
                actor=actor,
                action=AuditAction.DISCLOSE,
                object_type="audit_checkpoint",
                object_id=path.name,
                partnership_id=partnership.pk,
                purpose=f"{CHECKPOINT_PURPOSE}: emailed ({checkpoint.tree_size:,} entries)",
                recipients=[DPO_RECIPIENT],
            )
        done.emailed.append(partnership.name)
    return done
