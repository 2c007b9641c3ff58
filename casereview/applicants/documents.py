"""Files an applicant adds from their status page: diary sheets, photos, letters.

The same rules as partners' attachments (PDF, images, Word documents, up to 10 MB, typed by
their content so a renamed executable is refused), at most `DOCUMENTS_MAX` on a case, stored
under a generated name and given only to the case's staff. Every addition and every staff
download is audited.
"""

from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from casereview.accounts.models import Membership
from casereview.applicants.links import link_actor
from casereview.applicants.models import ApplicantDocument, StatusLink
from casereview.applications.models import Application
from casereview.core import limits
from casereview.core.audit import Actor, audit_record
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.core.uploads import ALLOWED_TYPES, content_type_of, sha256_of

DOCUMENTS_MAX = 50
DESCRIPTION_MAX = 200
PURPOSE = "applicant adding evidence to their case"
TYPE_MESSAGE = "The file must be a PDF, a photo or image (PNG, JPEG, GIF) or a Word document"


def document_add(*, link: StatusLink, upload: UploadedFile, description: str) -> ApplicantDocument:
    application = link.application
    if application.erased_at is not None:
        raise NotAllowedNow("This case is closed, so files can no longer be added.")
    errors = limits.texts_too_long([("description", description, DESCRIPTION_MAX)])
    if upload.size is None or upload.size > settings.MAX_ATTACHMENT_BYTES:
        errors.append(FieldError("file", "The file must be 10 MB or smaller"))
    elif upload.size == 0:
        errors.append(FieldError("file", "The file is empty"))
    elif content_type_of(upload) not in ALLOWED_TYPES:
        errors.append(FieldError("file", TYPE_MESSAGE))
    if ApplicantDocument.objects.filter(application=application).count() >= DOCUMENTS_MAX:
        errors.append(
            FieldError(
                "file",
                f"You have added {DOCUMENTS_MAX} files, the most a case can hold. Contact your "
                "point of contact to send more.",
            )
        )
    if errors:
        raise InvalidInput(errors)
    digest = sha256_of(upload)
    with transaction.atomic():
        document = ApplicantDocument(
            application=application,
            link=link,
            name=(upload.name or "document")[:255],
            description=description.strip(),
            content_type=content_type_of(upload) or "",
            size=upload.size or 0,
            sha256=digest,
        )
        # Stored under a generated name: the uploaded name is kept only as text.
        document.file.save(f"{digest[:32]}.bin", upload, save=False)
        document.save()
        audit_record(
            actor=link_actor(link),
            action=AuditAction.COLLECT,
            object_type="applicant document",
            object_id=document.pk,
            partnership_id=application.partnership_id,
            purpose=PURPOSE,
        )
    return document


def document_of(application: Application, document_id: int) -> ApplicantDocument | None:
    return ApplicantDocument.objects.filter(application=application, pk=document_id).first()


def document_opened(membership: Membership, document: ApplicantDocument) -> None:
    audit_record(
        actor=Actor.for_membership(membership),
        action=AuditAction.VIEW,
        object_type="applicant document",
        object_id=document.pk,
        partnership_id=document.application.partnership_id,
        purpose="managing an ASB case review: applicant's document opened",
    )


def erased_documents_purge(now: datetime) -> int:
    """The retention sweep erased these cases: their applicants' files go too (file and row;
    the audit log keeps that each was added)."""
    found = list(ApplicantDocument.objects.filter(application__erased_at__lte=now))
    for document in found:
        document.file.delete(save=False)
        document.delete()
    return len(found)
