"""Backup and restore of a whole installation: the database and the uploaded files, with checksums.

A backup is one tar file (gzip-compressed when its name ends in .gz)::

    manifest.json    format, time, database vendor, applied migrations, row count per model,
                     SHA-256 of every other member
    database.json    every row of every model (Django's JSON with exact times, common/serializers.py;
                     content types by natural key)
    media/…          every file under MEDIA_ROOT

The database is read in one transaction (REPEATABLE READ, read only, on PostgreSQL; on SQLite the
transaction takes the write lock), so the dump is one consistent moment: a registration that commits
during the backup is either wholly in it or not at all. Files are never deleted or changed by the
portal (new versions get new names), so copying them after the dump gives every file the dump refers
to (a file uploaded meanwhile may be in the backup without its row; restore keeps it, unreferenced).

``restore`` fills an empty, migrated instance (same migrations as the backup) from a backup: it
checks every checksum before writing anything, loads the rows in one transaction, copies the files,
checks their checksums again and compares every row count with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
# Rebuilt by ``migrate`` in the new instance (content types, permissions) or of no value in a backup
# (sessions: everyone logs in again).
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    """A backup that cannot be made or restored; the message (Swedish) says why."""


@dataclass
class BackupResult:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    size: int = 0


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _models():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label.lower() for label in EXCLUDED if "." in label}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in excluded_apps or model._meta.label_lower in excluded_models:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        yield model


def row_counts() -> dict[str, int]:
    """Rows of every model in a backup (many-to-many tables too), by "app.model"."""
    return {model._meta.label_lower: model._base_manager.count() for model in _models()}


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


@transaction.atomic
def _dump(path: Path) -> dict[str, int]:
    if connection.vendor == "postgresql":
        # First statement of the transaction: one snapshot for every table read below.
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    call_command(
        "dumpdata",
        format="exactjson",
        exclude=EXCLUDED,
        natural_foreign=True,
        use_base_manager=True,
        output=str(path),
        verbosity=0,
    )
    return row_counts()


def backup_create(*, output: Path) -> BackupResult:
    """Write a backup of the database and MEDIA_ROOT to ``output`` (a .tar or .tar.gz file)."""
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} finns redan; välj ett nytt filnamn.")
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="namndportalen-backup-") as tmp:
        dump = Path(tmp) / "database.json"
        counts = _dump(dump)
        files = {"database.json": _sha256_file(dump)}
        media = _media_files(media_root)
        for path in media:
            files[f"media/{path.relative_to(media_root).as_posix()}"] = _sha256_file(path)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": applied_migrations(),
            "counts": counts,
            "files": files,
        }
        partial = output.with_name(output.name + ".delvis")
        mode = "w:gz" if output.name.endswith(".gz") else "w"
        with tarfile.open(partial, mode) as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(dt.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname="database.json")
            for path in media:
                archive.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        os.replace(partial, output)  # never a half-written backup under the final name
    return BackupResult(path=output, counts=counts, files=len(media), size=output.stat().st_size)


# --- Restore ---------------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    counts: dict[str, int]
    files: int


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return not Path(name).is_absolute() and ".." not in parts


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError as exc:
        raise BackupError("Filen är ingen säkerhetskopia från Nämndportalen (manifest.json saknas).") from exc
    manifest = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Okänt format på säkerhetskopian: {manifest.get('format')!r}.")
    return manifest


# Tables that migrations fill with their defaults (cases 0007: which document kinds the e-diary publishes by
# default). A new, migrated instance holds these rows; the backup's rows replace them (same keys).
SEEDED_BY_MIGRATIONS = frozenset({"cases.documentkindsetting"})


def instance_is_empty() -> list[str]:
    """The models that already hold rows (an empty, migrated instance has none but the seeded defaults)."""
    return [label for label, count in row_counts().items() if count and label not in SEEDED_BY_MIGRATIONS]


def _suspend_triggers() -> None:
    """On PostgreSQL, let the restore write rows the triggers would refuse to a live application: an
    issued invoice's lines come after the invoice, a registered case's derived rows after the case
    (``common.immutable``). ``session_replication_role = replica`` skips user triggers for this
    transaction only; it needs a superuser (docker compose's database user is one)."""
    if connection.vendor != "postgresql":
        return
    from django.db import DatabaseError

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError as exc:
        raise BackupError(
            "Återställningen måste köras som en databasanvändare med superanvändarbehörighet (skyddsutlösarna "
            f"för skickade fakturor och registrerade handlingar stängs av under inläsningen): {exc}"
        ) from exc


def backup_restore(*, source: Path) -> RestoreResult:
    """Restore a backup into this (empty, migrated) instance. Raises ``BackupError`` before writing
    anything when the backup is damaged, the schema differs or the instance is not empty."""
    source = Path(source)
    if not source.exists():
        raise BackupError(f"{source} finns inte.")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="namndportalen-restore-") as tmp, tarfile.open(source, "r:*") as archive:
        manifest = _read_manifest(archive)
        expected = manifest["files"]
        members = {m.name: m for m in archive.getmembers() if m.isfile()}
        missing = sorted(set(expected) - set(members))
        if missing:
            raise BackupError(f"Säkerhetskopian saknar {len(missing)} filer, t.ex. {missing[0]}.")
        unpacked = Path(tmp)
        for name in expected:
            if not _safe_member(name):
                raise BackupError(f"Otillåtet filnamn i säkerhetskopian: {name}")
            target = unpacked / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(members[name]) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            if _sha256_file(target) != expected[name]:
                raise BackupError(f"Kontrollsumman stämmer inte för {name}: säkerhetskopian är skadad.")

        if manifest["migrations"] != applied_migrations():
            raise BackupError(
                "Databasens migreringar skiljer sig från säkerhetskopians. Återställ med samma version av "
                "portalen som gjorde kopian (kör manage.py migrate först)."
            )
        occupied = instance_is_empty()
        if occupied:
            raise BackupError(
                f"Databasen är inte tom ({len(occupied)} tabeller har rader, t.ex. {occupied[0]}). "
                "Återställ bara till en ny, migrerad databas."
            )
        existing = _media_files(media_root)
        if existing:
            raise BackupError(f"Mappen för uppladdade filer ({media_root}) är inte tom.")

        with transaction.atomic():
            _suspend_triggers()
            for label in SEEDED_BY_MIGRATIONS:  # the backup holds these rows as they were, defaults or not
                rows = apps.get_model(label)._base_manager.all()
                rows._raw_delete(rows.db)  # no signals: no history rows for defaults that never were in use
            call_command("loaddata", str(unpacked / "database.json"), format="exactjson", verbosity=0)
            counts = row_counts()
            if counts != manifest["counts"]:
                differing = sorted(
                    k for k in set(counts) | set(manifest["counts"]) if counts.get(k) != manifest["counts"].get(k)
                )
                raise BackupError(f"Antalet rader stämmer inte efter inläsningen: {', '.join(differing[:5])}.")
            copied = 0
            for name, digest in expected.items():
                if not name.startswith("media/"):
                    continue
                target = media_root / name.removeprefix("media/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(unpacked / name, target)
                if _sha256_file(target) != digest:
                    raise BackupError(f"Kontrollsumman stämmer inte efter kopieringen för {name}.")
                copied += 1
    return RestoreResult(counts=counts, files=copied)
