from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Gemensamt"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .db import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="common.sqlite_swedish_collation")
