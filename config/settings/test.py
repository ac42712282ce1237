"""Test settings: fast hashing, in-memory e-mail, eager Celery unless a test brings a worker."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = tempfile.mkdtemp(prefix="namndportalen-test-media-")
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
STATIC_ROOT = tempfile.mkdtemp(prefix="namndportalen-test-static-")
WHITENOISE_USE_FINDERS = True
