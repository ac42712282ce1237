"""Load the demo data (idempotent): every app's ``demo.load`` in INSTALLED_APPS order."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from common.demo import DEMO_PASSWORD, DemoOutput
from common.selectors import outbox_counts


class Command(BaseCommand):
    help = "Läs in demodata (kan köras flera gånger)."

    def handle(self, *args, **options):
        out = DemoOutput()
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if config.path and find_spec(module_name) and module_name.startswith(config.name):
                    module = import_module(module_name)
                    if hasattr(module, "load"):
                        module.load(out)
        for line in out.lines:
            self.stdout.write(line)
        waiting = outbox_counts()["pending"]
        if waiting:
            self.stdout.write(
                f"{waiting} bakgrundsjobb (textutläsning, utskick) väntar på kön; de körs när Redis svarar "
                "(svepet varje minut, eller manage.py outbox_sweep)."
            )
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
        self.stdout.write("")
        self.stdout.write(f"Demoinloggningar (lösenord för alla: {DEMO_PASSWORD}):")
        width = max((len(d) for d, _ in out.logins), default=10)
        for description, username in out.logins:
            self.stdout.write(f"  {description:<{width}}  {username}")
