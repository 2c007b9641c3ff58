"""Settings for the test suite: fast hashing, emails kept in memory unless a test sends by SMTP."""

import os
import tempfile
from pathlib import Path

from casereview.config.settings.base import *  # noqa: F403
from casereview.config.settings.base import DATABASES, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# Argon2 at full cost makes hundreds of sign-ins slow; the hasher choice is tested separately.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "casereview.core.sms.LocmemBackend"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared-cache memory: concurrency tests need real WAL locking semantics.
    # CASEREVIEW_TEST_SQLITE lets two suites run side by side without sharing a file.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("CASEREVIEW_TEST_SQLITE", str(VAR_DIR / "test.sqlite3"))
    }

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
AXES_ENABLED = True

# Attachments written by tests go to a throwaway folder, never into var/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="casereview-test-media-"))

# Tasks run as soon as they are enqueued, so a test sees their effect without a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Checkpoints and their signing key (made on first use) in a throwaway folder, never var/.
AUDIT_CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="casereview-test-checkpoints-"))
AUDIT_SIGNING_KEY = ""
AUDIT_SIGNING_KEY_FILE = str(AUDIT_CHECKPOINT_DIR.parent / f"{AUDIT_CHECKPOINT_DIR.name}.key")
AUDIT_SIGNING_KEY_CREATE = True
