"""Production: every setting from the environment; refuse to start when a required one is missing."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

REQUIRED = ["DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS"]
_missing = [name for name in REQUIRED if not env.str(name, default="")]
if _missing:
    raise ImproperlyConfigured(
        "Obligatorisk miljövariabel saknas: " + ", ".join(_missing) + ". Se README.md, avsnittet Konfiguration."
    )

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# TLS ends at the reverse proxy, which says so in X-Forwarded-Proto (it must set it, never pass it on).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^helsa/$"]  # the container healthcheck asks over plain HTTP inside the host
# HSTS: a year by default; set DJANGO_HSTS_SECONDS=0 only while trying out a new host name.
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is a decision for whoever owns the registrable domain (a list entry covers every host
# under it and is slow to undo); the portal normally runs on one host name under a region's domain.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
