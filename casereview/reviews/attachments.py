"""Attachments to a contribution: PDF, images and Word documents up to 10 MB, typed by
their content (a renamed executable is still refused), and served only after a check."""

import rules
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from casereview.accounts.models import Membership
from casereview.applications.lifecycle import CLOSED
from casereview.core.audit import Actor, audit_record
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.core.uploads import ALLOWED_TYPES, content_type_of, sha256_of
from casereview.reviews.models import Attachment, Contribution
from casereview.reviews.services.common import application_locked
from casereview.reviews.services.contributions import CONTRIBUTION_PURPOSE, meeting_started


def attachment_add(
    *, membership: Membership, contribution: Contribution, upload: UploadedFile
) -> Attachment:
    application = contribution.request.application
    if meeting_started(application):
        raise NotAllowedNow("The meeting has started, so contributions are locked.")
    if upload.size is None or upload.size > settings.MAX_ATTACHMENT_BYTES:
        raise InvalidInput([FieldError("file", "The file must be 10 MB or smaller")])
    content_type = content_type_of(upload)
    if content_type not in ALLOWED_TYPES:
        raise InvalidInput(
            [
                FieldError(
                    "file", "The file must be a PDF, an image (PNG, JPEG, GIF) or a Word document"
                )
            ]
        )
    digest = sha256_of(upload)
    with transaction.atomic():
        attachment = Attachment(
            contribution=contribution,
            name=(upload.name or "attachment")[:255],
            content_type=content_type,
            size=upload.size,
            sha256=digest,
            uploaded_by=membership.user,
        )
        # Stored under a generated name: the uploaded name is kept only as text.
        attachment.file.save(f"{digest[:32]}.bin", upload, save=False)
        attachment.save()
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.COLLECT,
            object_type="attachment",
            object_id=attachment.pk,
            partnership_id=application.partnership_id,
            purpose=CONTRIBUTION_PURPOSE,
        )
    return attachment


def attachment_remove(*, membership: Membership, attachment: Attachment) -> None:
    """The uploader, or the coordinator, removes a file before the meeting starts (after it,
    the file is part of what the meeting had). The stored file goes once the removal is
    committed; the audit entry names the file's record, not its contents."""
    application = attachment.contribution.request.application
    if not rules.test_rule("reviews.remove_attachment", membership, attachment):
        raise NotAllowedNow(
            "Only the person who added the file, or the coordinator, can remove it."
        )
    if application.status in CLOSED or meeting_started(application):
        raise NotAllowedNow("The meeting has started, so files can no longer be removed.")
    with transaction.atomic():
        locked = application_locked(application)
        if meeting_started(locked):
            raise NotAllowedNow("The meeting has started, so files can no longer be removed.")
        stored, pk = attachment.file.name, attachment.pk
        storage = attachment.file.storage
        attachment.delete()
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.ERASE,
            object_type="attachment",
            object_id=pk,
            partnership_id=application.partnership_id,
            purpose=f"{CONTRIBUTION_PURPOSE}: file removed before the meeting",
        )
        transaction.on_commit(lambda: storage.delete(stored))
