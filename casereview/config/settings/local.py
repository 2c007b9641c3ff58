"""Settings for `make run`: a developer's machine, SQLite, emails written to var/mail."""

from casereview.config.env import env_list, env_str
from casereview.config.settings.base import *  # noqa: F403
from casereview.config.settings.base import LOGGING, VAR_DIR

DEBUG = False  # the real error pages, as users see them; tracebacks go to the console
SECRET_KEY = env_str("SECRET_KEY", "local-development-only-not-secret")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# The demo's emails land as files, one per message, so a person can open them.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "INFO"}}
