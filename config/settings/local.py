"""Local development: the embedded defaults (SQLite, eager tasks, console e-mail)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-development-only-not-secret")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# An example bankgiro so that `make run` can issue invoices on a fresh clone; a deployment sets its own
# (config.settings.production has no default: without INVOICE_BANKGIRO or INVOICE_PLUSGIRO nothing is issued).
INVOICE_BANKGIRO = env.str("INVOICE_BANKGIRO", default="1234-5674")
