"""Hand over every outbox job that is due (what Celery beat does every minute).

manage.py outbox_sweep            # to the broker (or run here when no broker is configured)
manage.py outbox_sweep --here     # run the due jobs in this process, whatever the broker
"""

from django.core.management.base import BaseCommand

from common import outbox
from common.selectors import outbox_counts


class Command(BaseCommand):
    help = "Lämna över väntande bakgrundsjobb och utskick till kön (eller kör dem här med --here)."

    def add_arguments(self, parser):
        parser.add_argument("--here", action="store_true", help="Kör jobben i den här processen i stället för i kön.")

    def handle(self, *args, here: bool = False, **options):
        if here:
            ids = outbox.due_jobs()
            outcomes = [outbox.run_job(job_id) for job_id in ids]
            self.stdout.write(
                f"{len(ids)} jobb var på tur: {outcomes.count('done')} klara, "
                f"{outcomes.count('retry')} görs om senare, {outcomes.count('failed')} misslyckades."
            )
        else:
            result = outbox.outbox_sweep()
            self.stdout.write(f"{result.due} jobb var på tur, {result.handed_over} lämnades över.")
        counts = outbox_counts()
        self.stdout.write(
            f"Nu: {counts['pending']} väntar, {counts['running']} pågår, {counts['failed']} har misslyckats."
        )
