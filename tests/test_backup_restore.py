"""Backup and restore round trip: back up an installation with the demo data, uploaded files, mails and
history, restore it into a new empty instance (another database and media folder, in a separate
process as an operator would), and compare every row count and every file checksum.

On PostgreSQL the new instance is a fresh database next to the test database; on SQLite a new file."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tarfile
import types
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from common.backup import BackupError, backup_create, backup_restore, row_counts
from common.outbox import outbox_mail_enqueue

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url(name: str) -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def _create_pg_database(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')


def _drop_pg_database(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _media_checksums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_backup_and_restore_round_trip_keeps_every_row_and_every_file(tmp_path):
    call_command("demo", stdout=types.SimpleNamespace(write=lambda *a, **k: None))
    with transaction.atomic():
        outbox_mail_enqueue(
            to=["ledamot@example.org"],
            subject="Kallelse",
            body="Hej",
            context="kallelse:1",
            attachments=[("dagordning.txt", b"1. Upprop", "text/plain")],
        )
    source_counts = row_counts()
    source_files = _media_checksums(Path(settings.MEDIA_ROOT))
    assert sum(source_counts.values()) > 500 and len(source_files) >= 5

    archive = backup_create(output=tmp_path / "kopia.tar.gz").path
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"] == source_counts
    assert {k.removeprefix("media/") for k in manifest["files"] if k.startswith("media/")} == set(source_files)

    # The new, empty instance: its own database and media folder, migrated and restored by manage.py.
    if connection.vendor == "postgresql":
        name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:6]}"
        _create_pg_database(name)
    else:
        name = str(tmp_path / "restored.sqlite3")
    media = tmp_path / "restored-media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": _database_url(name),
        "DJANGO_MEDIA_ROOT": str(media),
        "CELERY_BROKER_URL": "",
    }
    try:
        _manage(env, "migrate", "--noinput", "-v0")
        output = _manage(env, "restore", str(archive))
        assert "alla kontrollsummor och radantal stämmer" in output
        # Counted again from outside: every table of the new instance, through a second backup.
        second = tmp_path / "andra.tar"
        _manage(env, "backup", "--output", str(second))
        with tarfile.open(second) as tar:
            restored = json.load(tar.extractfile("manifest.json"))
        # Refused a second time: the instance is no longer empty.
        refused = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        if connection.vendor == "postgresql":
            _drop_pg_database(name)

    assert restored["counts"] == source_counts
    differing = {k: (v, restored["counts"].get(k)) for k, v in source_counts.items() if restored["counts"].get(k) != v}
    assert differing == {}
    assert _media_checksums(media) == source_files
    assert restored["files"] == manifest["files"]  # the database dump too: the same rows, byte for byte
    assert refused.returncode != 0 and "inte tom" in refused.stderr


def test_a_damaged_backup_is_refused_before_anything_is_written(tmp_path):
    call_command("demo", stdout=types.SimpleNamespace(write=lambda *a, **k: None))
    archive = backup_create(output=tmp_path / "kopia.tar").path
    damaged = tmp_path / "skadad.tar"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("media/") and member.isfile():
                data = data[:-1] + bytes([data[-1] ^ 1])  # one bit flipped in a file
            member.size = len(data)
            import io

            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="Kontrollsumman stämmer inte"):
        backup_restore(source=damaged)
    with pytest.raises(BackupError, match="inte tom"):
        backup_restore(source=archive)  # and this instance is not empty
