from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Gemensamt"

    def ready(self):
        from django.apps import apps
        from django.db.backends.signals import connection_created

        from . import choices
        from .db import register_sqlite_collation

        choices.install(apps.get_models(include_auto_created=True))

        connection_created.connect(register_sqlite_collation, dispatch_uid="common.sqlite_swedish_collation")
