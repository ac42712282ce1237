"""Registry for the benchmark command (``manage.py bench``).

Each app may have a ``bench.py`` module that registers, with the decorators below:

- ``@dataset(order)``: a function ``(ctx)`` that bulk-inserts the app's synthetic data for
  ``ctx.scale`` (scale 1 ≈ ten years of a real committee). Builders run in ``order``; they share
  objects through ``ctx.data`` (a dict).
- ``@page(name, role=...)``: a function ``(ctx) -> url`` for a page to measure, requested by a
  user holding ``role`` (None = anonymous).
- ``@job(name)``: a function ``(ctx)`` for a background job or PDF to time. It may return a dict of
  figures of its own (e.g. registrations per second); the command prints them and puts them in the
  JSON as ``"figures"``. ``vendors=("postgresql",)`` limits a job to those database vendors.

The command discovers these modules, builds the data in a throwaway database and measures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass
class BenchContext:
    scale: int
    data: dict = field(default_factory=dict)
    _users: dict = field(default_factory=dict)

    def user(self, role: str | None):
        """A bench user holding ``role`` (created once)."""
        if role is None:
            return None
        if role not in self._users:
            from .services import user_create

            self._users[role] = user_create(username=f"bench-{role}", first_name="Bench", last_name=role, roles=[role])
        return self._users[role]


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
