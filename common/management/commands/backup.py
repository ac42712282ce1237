"""Write a consistent backup of the database and the uploaded files (see common/backup.py).

manage.py backup                              # var/backups/namndportalen-YYYYMMDD-HHMMSS.tar.gz
manage.py backup --output /backups/np.tar.gz
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Säkerhetskopiera databasen och de uppladdade filerna (med kontrollsummor) till en tar-fil."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Filen att skriva (.tar eller .tar.gz). Standard: var/backups/…")

    def handle(self, *args, output=None, **options):
        if not output:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BASE_DIR) / "var" / "backups" / f"namndportalen-{stamp}.tar.gz"
        try:
            result = backup_create(output=Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result.counts.values())
        self.stdout.write(
            f"Säkerhetskopia skriven: {result.path} ({result.size / 1024 / 1024:.1f} MB; "
            f"{rows} rader i {len(result.counts)} tabeller, {result.files} filer)."
        )
