"""Settings shared by every environment. Everything configurable comes from environment variables
through the single ``env`` object; see README.md ("Konfiguration") for the full list."""

import datetime as dt
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)  # SQLite database, uploads, screenshots; not in git (a clean clone lacks it)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    # Domain apps, in the direction imports may flow: a later app may import an earlier one.
    "common",
    "parties",
    "cases",
    "disclosure",
    "committee",
    "meetings",
    "protocol",
    "projects",
    "finance",
    "annual",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.portal",
            ],
            # ISO dates in tables without Django's general date formatter (common/templatetags/fastdate.py),
            # {% url %} without a full reverse() per row (common/templatetags/fasturl.py)
            "builtins": ["common.templatetags.fastdate", "common.templatetags.fasturl"],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL is set (postgres://user@host:5432/name).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "common.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins before the password is checked
    # Django's ModelBackend with the per-request user lookup precompiled (common/backends.py)
    "common.backends.PortalModelBackend",
]
# Database sessions as Django's, with the per-request read precompiled (common/sessions.py)
SESSION_ENGINE = "common.sessions"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
# Uploaded files live here; they are never served from a public URL, only through
# permission-checked views. MEDIA_URL is deliberately not routed.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media-not-public/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_BYTES = env.int("FILE_UPLOAD_MAX_BYTES", default=50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Text extraction of uploads (cases/files.py): archives are inspected before anything is unpacked, and
# the text is read in a child process with these limits. A refused file is registered; its text is not read.
EXTRACTION_MAX_UNCOMPRESSED_MB = env.int("EXTRACTION_MAX_UNCOMPRESSED_MB", default=100)
EXTRACTION_MAX_RATIO = env.int("EXTRACTION_MAX_RATIO", default=100)
EXTRACTION_MAX_ENTRIES = env.int("EXTRACTION_MAX_ENTRIES", default=2000)
EXTRACTION_MEMORY_MB = env.int("EXTRACTION_MEMORY_MB", default=512)
EXTRACTION_TIMEOUT_SECONDS = env.int("EXTRACTION_TIMEOUT_SECONDS", default=60)

# Backups (common/backup.py) serialize with full time precision.
SERIALIZATION_MODULES = {"exactjson": "common.serializers"}

# E-mail: the console unless EMAIL_HOST is given.
EMAIL_HOST = env.str("EMAIL_HOST", default="")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Nämndportalen <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no broker URL, tasks run eagerly in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Celery still opens a producer for eager tasks (to pick the serializer); an in-memory broker with a
    # host keeps it off the network and quiet.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A dead broker must not hold a request: publishing fails within the connect timeout and is not
# retried; the job waits in the outbox (common/outbox.py) until the sweep hands it over.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECT_TIMEOUT", default=2.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 10,
    # kombu otherwise sleeps between connection attempts until the connect timeout has passed
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "common.tasks.outbox_sweep", "schedule": env.float("OUTBOX_SWEEP_SECONDS", default=60.0)},
    # Parties that have not posted an adjusted protocol's notice are reminded once a day (protocol/tasks.py).
    "protocol-notice-reminders": {"task": "protocol.tasks.notice_board_remind", "schedule": 6 * 60 * 60.0},
}

# The outbox (common/outbox.py): retries with backoff, leases of running jobs, the pause after a
# broker failure.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_LEASE_SECONDS = 30 * 60
OUTBOX_REDISPATCH_AFTER_SECONDS = 5 * 60
OUTBOX_BROKER_PAUSE_SECONDS = 30
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# The portal's own settings.
PORTAL_NAME = env.str("PORTAL_NAME", default="Nämndportalen")
PORTAL_ORGANISATION = env.str("PORTAL_ORGANISATION", default="Region Jämtland Härjedalen")
# The portal's public address, for links in mail (notices) and calendar feeds.
PORTAL_URL = env.str("PORTAL_URL", default="http://localhost:8000").rstrip("/")
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="tillganglighet@example.org")
# The registrar (registrator): shown on every page of the public diary and in the footer, and notified of
# each request for a public document. Address lines are separated by ";".
REGISTRAR_EMAIL = env.str("REGISTRAR_EMAIL", default="registrator@example.org")
REGISTRAR_PHONE = env.str("REGISTRAR_PHONE", default="063-14 75 00")
REGISTRAR_ADDRESS = env.str(
    "REGISTRAR_ADDRESS", default="Region Jämtland Härjedalen;Registrator;Box 654;831 27 Östersund"
)

# The seller on every invoice: the host organisation that runs the committees' secretariat. Copied onto
# each invoice when it is issued (a later change never alters an invoice already sent). Address lines are
# separated by ";". An invoice is issued only when the organisation number and a bankgiro or plusgiro are set.
INVOICE_SELLER_NAME = env.str("INVOICE_SELLER_NAME", default=PORTAL_ORGANISATION)
INVOICE_SELLER_ORG_NUMBER = env.str("INVOICE_SELLER_ORG_NUMBER", default="232100-0214")
INVOICE_SELLER_ADDRESS = env.str("INVOICE_SELLER_ADDRESS", default="Box 654;831 27 Östersund")
INVOICE_SELLER_VAT_NUMBER = env.str("INVOICE_SELLER_VAT_NUMBER", default="SE232100021401")
INVOICE_VAT_TEXT = env.str(
    "INVOICE_VAT_TEXT",
    default="Ingen mervärdesskatt debiteras: beloppen är parternas finansiering av den gemensamma nämnden.",
)
INVOICE_BANKGIRO = env.str("INVOICE_BANKGIRO", default="")
INVOICE_PLUSGIRO = env.str("INVOICE_PLUSGIRO", default="")
INVOICE_CONTACT = env.str("INVOICE_CONTACT", default="Nämndsekretariatet, region@regionjh.se")
INVOICE_PAYMENT_DAYS = env.int("INVOICE_PAYMENT_DAYS", default=30)
# Throttling (common/throttling.py). Logins: django-axes locks a username and IP pair after
# AXES_FAILURE_LIMIT failures for AXES_COOLOFF_MINUTES; the secretariat can lift it (/drift/sparrar/).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "common.throttling.lockout_response"  # 429, Swedish page
AXES_CLIENT_IP_CALLABLE = "common.throttling.client_ip"
AXES_VERBOSE = False
# Behind N reverse proxies that append to X-Forwarded-For, the client is the N-th address from the end.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
# Rate limits ("N/period", period s, m, h or d, e.g. 3/h or 5/10m).
RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS = env.str("RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS", default="3/h")
RATE_LIMIT_PASSWORD_RESET_PER_IP = env.str("RATE_LIMIT_PASSWORD_RESET_PER_IP", default="10/h")
RATE_LIMIT_REPORT_PER_IP = env.str("RATE_LIMIT_REPORT_PER_IP", default="5/h")
RATE_LIMIT_REPORT_TOTAL = env.str("RATE_LIMIT_REPORT_TOTAL", default="60/h")
RATE_LIMIT_DISCLOSURE_PER_IP = env.str("RATE_LIMIT_DISCLOSURE_PER_IP", default="10/h")
RATE_LIMIT_DISCLOSURE_TOTAL = env.str("RATE_LIMIT_DISCLOSURE_TOTAL", default="300/h")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): only our own scripts, styles, fonts and images; no inline
# script or style anywhere (templates keep none; htmx's inline indicator style is switched off in
# base.html and lives in portal.css). The Django admin works under the same policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # 403 and 404 are logged as one line (who, what), without the traceback Django attaches.
    "filters": {"one_line_client_errors": {"()": "common.logging.OneLineClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_client_errors"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Eagerly run tasks (no broker) would log every success; the worker logs on its own.
        "celery.app.trace": {"level": "WARNING"},
        # WeasyPrint and fontTools log every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
