"""Restore a backup into an empty instance (see common/backup.py).

manage.py migrate
manage.py restore /backups/namndportalen-20260101-020000.tar.gz
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Återställ en säkerhetskopia till en ny, tom och migrerad installation."

    def add_arguments(self, parser):
        parser.add_argument("source", help="Säkerhetskopian (.tar eller .tar.gz) från manage.py backup.")

    def handle(self, *args, source: str, **options):
        try:
            result = backup_restore(source=Path(source))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result.counts.values())
        self.stdout.write(
            f"Återställt: {rows} rader i {len(result.counts)} tabeller och {result.files} filer; "
            "alla kontrollsummor och radantal stämmer."
        )
