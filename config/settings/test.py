"""Test settings: fast hashing, in-memory e-mail, eager Celery unless a test brings a worker."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405


def _tempdir(prefix: str) -> str:
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


MEDIA_ROOT = _tempdir("namndportalen-test-media-")
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
STATIC_ROOT = _tempdir("namndportalen-test-static-")
WHITENOISE_USE_FINDERS = True

# SQLite tests use a file in a private temporary directory instead of memory, so that a separate
# process (the Celery worker started by tests/test_celery_worker.py) can open the same test database.
# A fresh directory per run keeps parallel runs (and pytest-xdist workers, which add a suffix) apart.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(_tempdir("namndportalen-test-db-")) / "test.sqlite3")
    }

INVOICE_BANKGIRO = env.str("INVOICE_BANKGIRO", default="1234-5674")  # an example number for tests
