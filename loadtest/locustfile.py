"""Load test: the four roles of the bench data browse their main pages (``make load``; see README.md,
"Lasttest", and loadtest/run.py, which builds the data, starts gunicorn and runs this file twice).

Each simulated user logs in once as the bench user of its role (``bench-secretariat``,
``bench-case_officer``, ``bench-party_representative``, ``bench-member``; the password comes from the
bench data, ``common.bench.BENCH_PASSWORD``) and then requests, again and again, a random page of its
role: the start page and every page the apps register for that role in their ``bench.py`` (the list of
addresses is written by ``manage.py bench --data-only --json``). Roles are equally likely.

The measurement starts when every user has logged in (a login hashes the password with PBKDF2, which
is slow on purpose and is not what is measured): the statistics are reset then and the run stops
``LOAD_SECONDS`` later. At the end one summary is printed: requests/s, p50/p95/p99, errors and, when
``LOAD_SERVER_PID`` names the gunicorn master, the CPU time of its workers (and of the PostgreSQL
backends serving ``LOAD_DATABASE``) per request; CPU per request hardly moves when other work
competes for the cores, unlike latency.

Environment: ``LOAD_PAGES`` (the JSON file), ``LOAD_THINK`` ("0" or "0.5-1.5": seconds between a
user's pages), ``LOAD_SECONDS`` (default 60), ``LOAD_SERVER_PID``, ``LOAD_DATABASE``.
"""

from __future__ import annotations

import json
import os
import random
import time

import gevent
import psutil
from gevent.event import Event
from locust import FastHttpUser, between, constant, events, task

with open(os.environ.get("LOAD_PAGES", "var/load/pages.json"), encoding="utf-8") as _file:
    _DATA = json.load(_file)
PASSWORD = _DATA["password"]
THINK = os.environ.get("LOAD_THINK", "0")
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))


def pages_of(role: str) -> list[tuple[str, str]]:
    """(name, url) of the role's pages: the start page and what the apps register for the role."""
    pages = {"/": "start"}
    for page in _DATA["pages"]:
        if page["role"] == role:
            pages.setdefault(page["url"], page["name"])
    return [(name, url) for url, name in pages.items()]


def _wait_time():
    if THINK in ("", "0"):
        return constant(0)
    low, high = (float(part) for part in THINK.split("-"))
    return between(low, high)


class _Measurement:
    """Resets the statistics when every user has logged in, stops the run LOAD_SECONDS later, and
    takes the server's CPU time at both moments."""

    def __init__(self):
        self.logged_in = 0
        self.started = Event()
        self.cpu_at_start: dict[str, float] = {}
        self.own_cpu_at_start = 0.0
        self.wall_at_start = 0.0

    def user_logged_in(self, environment) -> None:
        self.logged_in += 1
        if self.logged_in >= environment.parsed_options.num_users and not self.started.is_set():
            environment.stats.reset_all()
            self.cpu_at_start = server_cpu()
            self.own_cpu_at_start = time.process_time()
            self.wall_at_start = time.monotonic()
            self.started.set()
            gevent.spawn_later(SECONDS, environment.runner.quit)


MEASUREMENT = _Measurement()


def server_cpu() -> dict[str, float]:
    """CPU seconds (user + system) of the gunicorn workers and of the PostgreSQL backends of the
    database under test; empty without ``LOAD_SERVER_PID``."""
    pid = os.environ.get("LOAD_SERVER_PID")
    if not pid:
        return {}
    try:
        workers = psutil.Process(int(pid)).children()
    except psutil.Error:
        return {}
    figures = {"gunicorn": 0.0, "postgres": 0.0}
    for process in workers:
        try:
            times = process.cpu_times()
            figures["gunicorn"] += times.user + times.system
        except psutil.Error:
            continue
    database = os.environ.get("LOAD_DATABASE")
    if database:
        for process in psutil.process_iter(["name", "cmdline"]):
            try:
                title = " ".join(process.info["cmdline"] or [])
                if title.startswith("postgres: ") and f" {database} " in title:
                    times = process.cpu_times()
                    figures["postgres"] += times.user + times.system
            except psutil.Error:
                continue
    return figures


class RoleUser(FastHttpUser):
    abstract = True
    role = ""
    wait_time = _wait_time()

    def on_start(self):
        self.pages = pages_of(self.role)
        self.client.get("/konto/logga-in/", name="logga in (formulär)")
        response = self.client.post(
            "/konto/logga-in/",
            data={
                "username": f"bench-{self.role}",
                "password": PASSWORD,
                "csrfmiddlewaretoken": next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), ""),
            },
            name="logga in",
            allow_redirects=False,
        )
        if response.status_code != 302:
            # Nothing can be measured without every user: stop the run at once and say why.
            print(f"Inloggningen som bench-{self.role} svarade {response.status_code}; körningen avbryts.", flush=True)
            self.environment.process_exit_code = 2
            self.environment.runner.quit()
            return
        MEASUREMENT.user_logged_in(self.environment)
        MEASUREMENT.started.wait()

    @task
    def browse(self):
        name, url = random.choice(self.pages)
        self.client.get(url, name=f"{self.role}: {name}")


class Secretariat(RoleUser):
    role = "secretariat"


class CaseOfficer(RoleUser):
    role = "case_officer"


class PartyRepresentative(RoleUser):
    role = "party_representative"


class Member(RoleUser):
    role = "member"


@events.test_stop.add_listener
def print_summary(environment, **kwargs):
    if not MEASUREMENT.started.is_set():
        print("Mätningen startade aldrig: alla användare loggade inte in.")
        return
    total = environment.stats.total
    seconds = time.monotonic() - MEASUREMENT.wall_at_start
    cpu_after = server_cpu()
    think = "ingen betänketid" if THINK in ("", "0") else f"betänketid {THINK} s"
    lines = [
        f"SAMMANFATTNING: {environment.parsed_options.num_users} användare, {think}, {seconds:.0f} s",
        f"  anrop {total.num_requests}, fel {total.num_failures}, anrop/s {total.num_requests / seconds:.1f}",
        f"  svarstid ms: p50 {total.get_response_time_percentile(0.5):.0f}, "
        f"p95 {total.get_response_time_percentile(0.95):.0f}, p99 {total.get_response_time_percentile(0.99):.0f}, "
        f"max {total.max_response_time:.0f}",
    ]
    if cpu_after and total.num_requests:
        for key, label in (("gunicorn", "gunicorn-arbetarna"), ("postgres", "PostgreSQL")):
            used = cpu_after[key] - MEASUREMENT.cpu_at_start.get(key, 0.0)
            lines.append(f"  CPU {label}: {used:.1f} s, {used * 1000 / total.num_requests:.2f} ms per anrop")
        used = time.process_time() - MEASUREMENT.own_cpu_at_start
        lines.append(
            f"  CPU locust (lastgeneratorn): {used:.1f} s, {used * 1000 / total.num_requests:.2f} ms per anrop"
        )
    print("\n".join(lines), flush=True)
