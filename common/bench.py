"""Registry and request harness for the benchmark command (``manage.py bench``).

Registering (each app may have a ``bench.py`` module; the command imports every one of them):

- ``@dataset(order)``: a function ``(ctx)`` that bulk-inserts the app's synthetic data for
  ``ctx.scale`` (scale 1 ≈ ten years of a real committee). Builders run in ``order`` (parties 10,
  cases 15, committee 20, projects 30, finance 40; pick a free number after what you need); they
  share objects through ``ctx.data`` (a dict). The command runs ``ANALYZE`` after the last builder.
- ``@page(name, role=...)``: a function ``(ctx) -> url`` for a page to measure, requested by a
  bench user holding ``role`` (None = anonymous). The page must answer 200.
- ``@job(name, repeat=5, vendors=None)``: a function ``(ctx)`` for a background job or PDF to time;
  the command reports the median of ``repeat`` calls. It may return a dict of figures of its own
  (e.g. registrations per second); the command prints them and puts them in the JSON as
  ``"figures"``. ``vendors=("postgresql",)`` limits a job to those database vendors. A job that
  loops many times should loop less when ``ctx.quick`` is true (the test suite's smoke run).

For example, in ``committee/bench.py``::

    from common.bench import dataset, job, page

    @dataset(25)  # after the committee (20)
    def build_meetings(ctx):
        ctx.data["meeting"] = ...  # bulk_create, scaled by ctx.scale

    @page("sammanträde: protokoll", role="member")
    def protocol_page(ctx) -> str:
        return reverse("committee:protocol", args=[ctx.data["meeting"].pk])

    @job("sammanträde: protokoll som PDF")
    def protocol_pdf_job(ctx):
        ctx.get(reverse("committee:protocol_pdf", args=[...]), role="secretariat")

How a page is measured: ``ctx.get(url, role=...)`` builds a WSGI environ (with the session cookie
of the role's bench user) and calls Django's ``WSGIHandler``, the same entry point gunicorn calls,
with the whole middleware stack and the request signals (connections are closed or kept as
``CONN_MAX_AGE`` says). Nothing of the test environment is involved: no test client, no template
and context capture per response. Queries are counted with an execute wrapper (no query log), and
the command runs with ``DEBUG = False``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from io import BytesIO
from urllib.parse import unquote_to_bytes, urlsplit

from django.apps import apps
from django.conf import settings
from django.db import connection

# Every bench user (``bench-<role>`` and the people the datasets create, all named ``bench-…``) logs in
# with this password, e.g. the load test (loadtest/locustfile.py). The bench database is a throwaway
# built from synthetic data; the password protects nothing real and is documented in README.md.
BENCH_PASSWORD = "bankprov-2026"
# The roles the load test logs in as (one bench user each).
LOAD_ROLES = ("secretariat", "case_officer", "party_representative", "member")


@dataclass
class BenchResponse:
    status: int
    ms: float
    queries: int
    content: bytes
    cpu_ms: float = 0.0  # CPU time of this process (Python, not the database server) for the request


class _QueryCounter:
    """An execute wrapper counting every statement (``execute`` and ``executemany``)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@dataclass
class BenchContext:
    scale: int
    quick: bool = False
    data: dict = field(default_factory=dict)
    _users: dict = field(default_factory=dict)
    _cookies: dict = field(default_factory=dict)
    _handler: object = None

    def user(self, role: str | None):
        """A bench user holding ``role`` (created once)."""
        if role is None:
            return None
        if role not in self._users:
            from .services import user_create

            self._users[role] = user_create(
                username=f"bench-{role}", first_name="Bench", last_name=role, roles=[role], password=BENCH_PASSWORD
            )
        return self._users[role]

    def get(self, url: str, *, role: str | None = None) -> BenchResponse:
        """GET ``url`` through Django's WSGI handler as the bench user holding ``role`` (None =
        anonymous); the body is read to the end (streamed responses too)."""
        if self._handler is None:
            from django.core.handlers.wsgi import WSGIHandler

            self._handler = WSGIHandler()
        environ = self._environ(url, self._cookie(role))
        status = []
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = self._handler(environ, lambda s, headers, exc_info=None: status.append(s))
            try:
                content = b"".join(response)
            finally:
                response.close()
            elapsed = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu_started) * 1000
        return BenchResponse(
            status=int(status[0].split()[0]), ms=elapsed, queries=counter.count, content=content, cpu_ms=cpu
        )

    def _cookie(self, role: str | None) -> str:
        if role is None:
            return ""
        if role not in self._cookies:
            from django.test import Client

            client = Client()
            client.force_login(self.user(role))  # saves a session; only its cookie is used
            self._cookies[role] = "; ".join(f"{morsel.key}={morsel.value}" for morsel in client.cookies.values())
        return self._cookies[role]

    @staticmethod
    def _environ(url: str, cookie: str) -> dict:
        parts = urlsplit(url)
        host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
        secure = getattr(settings, "SECURE_SSL_REDIRECT", False)
        environ = {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(parts.path).decode("iso-8859-1"),
            "QUERY_STRING": parts.query,
            "SERVER_NAME": host,
            "SERVER_PORT": "443" if secure else "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": host,
            "HTTP_USER_AGENT": "namndportalen-bench",
            "HTTP_ACCEPT": "text/html,*/*",
            "HTTP_ACCEPT_LANGUAGE": "sv",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "https" if secure else "http",
            "wsgi.input": BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        return environ


def rss_mb() -> float:
    """The resident memory of this process in MB (Linux: /proc/self/statm; elsewhere the peak)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class BenchPage:
    name: str
    url: Callable[[BenchContext], str]
    role: str | None


@dataclass
class BenchJob:
    name: str
    run: Callable[[BenchContext], dict | None]
    repeat: int
    vendors: tuple[str, ...] | None = None


DATASETS: list[tuple[int, Callable[[BenchContext], None]]] = []
PAGES: list[BenchPage] = []
JOBS: list[BenchJob] = []
_discovered = False


def dataset(order: int):
    def decorator(fn):
        DATASETS.append((order, fn))
        return fn

    return decorator


def page(name: str, *, role: str | None = None):
    def decorator(fn):
        PAGES.append(BenchPage(name=name, url=fn, role=role))
        return fn

    return decorator


def job(name: str, *, repeat: int = 5, vendors: tuple[str, ...] | None = None):
    def decorator(fn):
        JOBS.append(BenchJob(name=name, run=fn, repeat=repeat, vendors=vendors))
        return fn

    return decorator


def discover() -> None:
    global _discovered
    if _discovered:
        return
    for config in apps.get_app_configs():
        module = f"{config.name}.bench"
        if find_spec(config.name) and find_spec(module):
            import_module(module)
    _discovered = True


# --- Logins: the bench users of the load test's roles exist and share one documented password -----


@dataset(1000)  # after every app's data
def bench_logins(ctx) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db.models import Q

    for role in LOAD_ROLES:
        ctx.user(role)
    # One hash for all (hashing is deliberately slow); users the datasets bulk-created have none yet.
    without = Q(password="") | Q(password__startswith="!")
    get_user_model().objects.filter(without, username__startswith="bench-").update(
        password=make_password(BENCH_PASSWORD)
    )


# --- Pages of the common app (start page and public pages) ---------------------------------------


@page("start (anonym)")
def _home_page(ctx) -> str:
    return "/"


@page("start (sekretariat)", role="secretariat")
def _home_page_secretariat(ctx) -> str:
    return "/"


@page("tillgänglighetsredogörelse")
def _accessibility_page(ctx) -> str:
    return "/tillganglighet/"


@page("logga in")
def _login_page(ctx) -> str:
    return "/konto/logga-in/"


@page("hälsokontroll")
def _health_page(ctx) -> str:
    return "/helsa/"
