"""Backups: one archive with a consistent copy of the database and the media files, a manifest
and SHA-256 checksums; and the restore of such an archive into an empty database.

- PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot) and ``pg_restore``.
- SQLite: the SQLite online backup API (consistent while the site runs).
- Media: the files under ``MEDIA_ROOT`` (local storage; with S3 the bucket keeps its own versions).
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Tables whose rows make a database "not empty" for a restore (seeded defaults do not count).
CONTENT_TABLES = ("auth_user", "contributors_unit", "bulletin_issue", "articles_article")


class BackupError(Exception):
    """A backup or restore could not be done; the message says why, in Chinese."""


@dataclass
class RestoreReport:
    vendor: str
    created: str
    media_files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env(settings_dict: dict) -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore, the password through the environment."""
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            _("%(program)s is not installed (Debian package postgresql-client).") % {"program": command[0]}
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": command[0], "error": result.stderr.strip()[-500:]}
        )


def dump_database(target: Path) -> str:
    """Write a consistent copy of the default database to ``target``; returns the vendor."""
    vendor = connection.vendor
    if vendor == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env
        )
    elif vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        raise BackupError(_("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": vendor})
    return vendor


def _media_files(root: Path):
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _private_file(path: Path):
    """``path`` opened for writing, readable by its owner only (0600) whatever the umask: the archive
    holds password hashes, sessions and reading-link keys."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # a leftover partial file keeps its old mode through O_CREAT
    return os.fdopen(descriptor, "wb")


def backup_create(*, target: Path, include_media: bool = True) -> dict:
    """Write a backup archive (``.tar.gz``) to ``target``; returns its manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="bulletin-backup-") as tmp:
        work = Path(tmp)
        database_name = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
        vendor = dump_database(work / database_name)
        manifest = {
            "format": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "django": django.get_version(),
            "database": {"vendor": vendor, "file": database_name, "sha256": _sha256(work / database_name)},
            "media": [],
        }
        files = list(_media_files(media_root)) if include_media else []
        for path in files:
            relative = path.relative_to(media_root).as_posix()
            manifest["media"].append({"path": relative, "size": path.stat().st_size, "sha256": _sha256(path)})
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        with _private_file(partial) as handle, tarfile.open(fileobj=handle, mode="w:gz") as archive:
            payload = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(payload), int(datetime.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(payload))
            archive.add(work / database_name, arcname=database_name)
            for path in files:
                archive.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        partial.replace(target)  # a reader never sees a half-written archive
    return manifest


def database_is_empty() -> bool:
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in CONTENT_TABLES:
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return False
    return True


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def _inside(base: Path, relative) -> Path:
    """``base / relative`` resolved, for a path read from an archive; BackupError unless it stays
    strictly inside ``base`` (no ``..``, no absolute path, no symlink already there leading out)."""
    if not isinstance(relative, str) or not relative.strip() or "\x00" in relative or "\\" in relative:
        raise BackupError(_("The archive names an unsafe path: %(path)s") % {"path": repr(relative)})
    pure = PurePosixPath(relative)
    root = base.resolve()
    candidate = (root / pure).resolve()
    if pure.is_absolute() or ".." in pure.parts or candidate == root or not candidate.is_relative_to(root):
        raise BackupError(_("The archive names an unsafe path: %(path)s") % {"path": relative})
    return candidate


@dataclass
class _Verified:
    manifest: dict
    database_file: Path
    media: list[tuple[Path, Path]]  # (extracted file, where it goes under MEDIA_ROOT)


def _extract_and_verify(archive_path: Path, work: Path, media_root: Path) -> _Verified:
    """Unpack the archive into ``work`` and check it whole — entries, manifest, every path it names
    and every checksum — before the caller writes anything anywhere."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            members = archive.getmembers()
            for member in members:
                if not _safe_member(member.name) or not (member.isfile() or member.isdir()):
                    raise BackupError(
                        _("The archive contains an unsafe entry: %(name)s") % {"name": member.name}
                    )
            archive.extractall(work, members=members, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(_("The archive cannot be read: %(error)s") % {"error": error}) from None
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(
            _("The archive has no readable manifest; it is not a backup of this system.")
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(_("The archive format is not supported."))
    try:
        database = manifest["database"]
        if not {"file", "sha256", "vendor"} <= database.keys() or "created" not in manifest:
            raise KeyError("database")
        database_name, database_sum = database["file"], database["sha256"]
        entries = [(entry["path"], entry["sha256"]) for entry in manifest["media"]]
    except (KeyError, TypeError, AttributeError):
        raise BackupError(
            _("The archive's manifest is incomplete; it is not a backup of this system.")
        ) from None
    database_file = _inside(work, database_name)
    if database_file == (work / MANIFEST).resolve() or not database_file.is_file():
        raise BackupError(_("The archive holds no database file %(name)s.") % {"name": database_name})
    if _sha256(database_file) != database_sum:
        raise BackupError(
            _("The archive is damaged: the checksum of %(name)s does not match.") % {"name": database_name}
        )
    media = []
    for relative, checksum in entries:
        source = _inside(work / "media", relative)
        destination = _inside(media_root, relative)
        if not source.is_file() or _sha256(source) != checksum:
            raise BackupError(
                _("The archive is damaged: the checksum of %(name)s does not match.") % {"name": relative}
            )
        media.append((source, destination))
    return _Verified(manifest=manifest, database_file=database_file, media=media)


def backup_restore(*, archive_path: Path, force: bool = False) -> RestoreReport:
    """Restore an archive into the configured database (which must be empty unless ``force``)."""
    if not archive_path.is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": archive_path})
    with tempfile.TemporaryDirectory(prefix="bulletin-restore-") as tmp:
        work = Path(tmp)
        media_root = Path(settings.MEDIA_ROOT)
        verified = _extract_and_verify(archive_path, work, media_root)
        manifest = verified.manifest
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                _("The archive holds a %(archive)s database; this site uses %(site)s.")
                % {"archive": vendor, "site": connection.vendor}
            )
        if not force and not database_is_empty():
            raise BackupError(
                _(
                    "The database is not empty; restoring would overwrite it. Use --force to replace its contents."
                )
            )
        database_file = verified.database_file
        if vendor == "postgresql":
            args, env = _pg_env(connection.settings_dict)
            connection.close()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    *args,
                    str(database_file),
                ],
                env,
            )
        else:
            connection.ensure_connection()
            source = sqlite3.connect(database_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        for source, destination in verified.media:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    return RestoreReport(vendor=vendor, created=manifest["created"], media_files=len(verified.media))
