"""``make load``: the load test against gunicorn (production settings) and PostgreSQL with bench data.

    python loadtest/run.py [--scale 10] [--port 8089] [--users 50] [--seconds 60] [--rebuild]

1. The bench data: ``manage.py bench --scale N --data-only`` builds the dataset in ``bench_<name>``
   (``<name>`` from ``DATABASE_URL``, which must be PostgreSQL), keeps it and writes the pages of each
   role to ``var/load/pages-bench_<name>.json``. A later run at the same scale reuses both
   (``--rebuild`` builds anew).
2. ``collectstatic`` and gunicorn with ``config.settings.production`` and 4 workers on 127.0.0.1:PORT
   (plain HTTP on the loopback: no TLS redirect, no secure-only cookies; everything else as in
   production).
3. Locust (loadtest/locustfile.py), headless, twice: ``--users`` users without think time (the
   throughput ceiling), then the same number thinking 0.5–1.5 s between pages. Each run measures
   ``--seconds`` after every user has logged in and prints requests/s, p50/p95/p99, errors and CPU ms
   per request of gunicorn and PostgreSQL.
4. gunicorn is stopped. The exit code is 1 if any request failed.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import environ

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
THINK_TIMES = ("0", "0.5-1.5")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="measured seconds per run")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rebuild", action="store_true", help="build the bench data anew")
    parser.add_argument(
        "--server-dir",
        type=Path,
        default=ROOT,
        help="run gunicorn from this checkout (e.g. main, to compare two versions on the same data)",
    )
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        print("make load kräver PostgreSQL: ange DATABASE_URL=postgres://… (se README.md, Lasttest).")
        return 2
    name = environ.Env.db_url_config(database_url)["NAME"]
    bench_db = f"bench_{name}"
    pages_file = ROOT / "var" / "load" / f"pages-{bench_db}.json"
    pages_file.parent.mkdir(parents=True, exist_ok=True)
    if args.rebuild or not _has_data(pages_file, args.scale, _database_oid(database_url, bench_db)):
        print(f"Bygger bänkdata i skala {args.scale} i {bench_db} (tar några minuter) ...", flush=True)
        subprocess.run(
            [str(BIN / "python"), "manage.py", "bench", "--scale", str(args.scale), "--data-only"]
            + ["--json", str(pages_file)],
            cwd=ROOT,
            check=True,
        )
        # The database's oid tells a later run whether this very database is still there (another
        # bench run on the same DATABASE_URL replaces it).
        data = json.loads(pages_file.read_text(encoding="utf-8"))
        data["database_oid"] = _database_oid(database_url, bench_db)
        pages_file.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    else:
        print(f"Återanvänder bänkdata i skala {args.scale} i {bench_db} ({pages_file.name}; --rebuild bygger om)")

    server_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DATABASE_URL": database_url.rsplit("/", 1)[0] + "/" + bench_db,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
        # The workers keep their PostgreSQL connections through both runs: the CPU of a backend that ends
        # between the two readings of locustfile.server_cpu is lost (with the production default of 60 s,
        # connections ended mid-run and PostgreSQL's CPU came out too low or negative).
        "DATABASE_CONN_MAX_AGE": str(max(600, 4 * (args.seconds + 180))),
    }
    # Kept data may predate migrations added since: bring its schema up to the code that is measured.
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"],
        cwd=args.server_dir,
        env=server_env,
        check=True,
    )
    # With the production settings: their storage writes the manifest that {% static %} reads there.
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=args.server_dir,
        env=server_env,
        check=True,
    )
    host = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{args.port}"]
        + ["--workers", str(args.workers), "--log-level", "warning"],
        cwd=args.server_dir,
        env=server_env,
    )
    failed = False
    try:
        _wait_for(f"{host}/helsa/", server)
        for think in THINK_TIMES:
            print(f"\nLocust: {args.users} användare, betänketid {think} s, {args.seconds} s mätning", flush=True)
            locust = subprocess.run(
                [str(BIN / "locust"), "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless"]
                + ["--users", str(args.users), "--spawn-rate", str(args.users), "--host", host]
                + ["--run-time", f"{args.seconds + 180}s", "--only-summary", "--loglevel", "WARNING"],
                cwd=ROOT,
                env={
                    **os.environ,
                    "LOAD_PAGES": str(pages_file),
                    "LOAD_THINK": think,
                    "LOAD_SECONDS": str(args.seconds),
                    "LOAD_SERVER_PID": str(server.pid),
                    "LOAD_DATABASE": bench_db,
                },
            )
            failed = failed or locust.returncode != 0
            if locust.returncode not in (0, 1):  # 1: some requests failed; anything else: the run itself
                break
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return 1 if failed else 0


def _has_data(pages_file: Path, scale: int, oid: int | None) -> bool:
    try:
        data = json.loads(pages_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return oid is not None and data.get("scale") == scale and data.get("database_oid") == oid


def _database_oid(database_url: str, name: str) -> int | None:
    import psycopg2

    config = environ.Env.db_url_config(database_url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT oid FROM pg_database WHERE datname = %s", [name])
            row = cursor.fetchone()
    finally:
        connection.close()
    return int(row[0]) if row else None


def _wait_for(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn startade inte")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} svarade inte inom {timeout:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
