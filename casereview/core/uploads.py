"""Files people upload (partners' contributions, applicants' evidence): which kinds are
accepted, told by their content rather than their name (a renamed executable is still
refused), and the digest each is stored under."""

import hashlib

import filetype
from django.core.files.uploadedfile import UploadedFile

ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "image/webp": "WebP image",
    "application/msword": "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
}


def content_type_of(upload: UploadedFile) -> str | None:
    """The file's type from its first bytes, or None when they say nothing known."""
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    return kind.mime if kind is not None else None


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
