from django.apps import AppConfig


class AnnualConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annual"
    verbose_name = "Årsredovisning"

    def ready(self) -> None:
        from . import tasks  # noqa: F401 - registers the outbox job handler
