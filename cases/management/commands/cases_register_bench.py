"""Concurrent registration benchmark: N writers register cases at the same time in a throwaway
PostgreSQL database; prints numbers per second and the duplicates and gaps found (both must be 0).

    DATABASE_URL=postgres://... manage.py cases_register_bench [--writers 20] [--per-writer 25]
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment


class Command(BaseCommand):
    help = "Mät samtidiga registreringar (PostgreSQL): nummer per sekund, dubbletter och luckor."

    def add_arguments(self, parser):
        parser.add_argument("--writers", type=int, default=20)
        parser.add_argument("--per-writer", type=int, default=25)

    def handle(self, *args, writers: int, per_writer: int, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Kräver PostgreSQL (SQLite serialiserar alla skrivningar). Sätt DATABASE_URL.")
        from cases.bench import register_concurrently
        from cases.services import diary_get_or_create

        setup_test_environment()
        old_name = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_registrations_{old_name}"
        self.stdout.write("Skapar tillfällig databas ...")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            diary = diary_get_or_create(prefix="GNS", name="Bänkdiarium")
            result = register_concurrently(diary=diary, writers=writers, per_writer=per_writer)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
        self.stdout.write(
            f"{result['registrations']} registreringar av {result['writers']} samtidiga skrivare på "
            f"{result['seconds']} s = {result['per_second']} nummer/s"
        )
        self.stdout.write(f"Dubbletter: {result['duplicates']}  Luckor: {result['gaps']}")
        if result["errors"]:
            self.stdout.write(self.style.ERROR(f"Fel: {result['errors']}"))
        if result["duplicates"] or result["gaps"] or result["errors"]:
            raise CommandError("Numreringen höll inte under samtidighet.")
        self.stdout.write(self.style.SUCCESS("Inga dubbletter, inga luckor."))
