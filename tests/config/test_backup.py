"""Backup → restore round trip on the test database (SQLite or PostgreSQL, whichever runs)."""

import json
import os
import stat
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from bulletin.models import Issue
from formats.exporters import export_issue

SAMPLE = Path(settings.BASE_DIR).parent / "shared/samples/bulletin-2012-02.txt"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "articles/2026/11").mkdir(parents=True)
    (settings.MEDIA_ROOT / "articles/2026/11/photo.jpg").write_bytes(b"\xff\xd8 not really a photo")
    return settings.MEDIA_ROOT


def texts() -> dict:
    return {
        issue.label: export_issue(issue=issue, format_name="txt") for issue in Issue.objects.order_by("pk")
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_restores_every_issue_and_media_file(tmp_path, media, capsys):
    call_command("import_bulletin", str(SAMPLE), "--year", "2012", "--number", "2", "--date", "2012-02-28")
    call_command("loaddemo", "--force")
    before = texts()
    assert len(before) == 2
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "-o", str(archive))

    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
    assert manifest["media"] == [
        {"path": "articles/2026/11/photo.jpg", "size": 21, "sha256": manifest["media"][0]["sha256"]}
    ]

    call_command("flush", "--no-input")
    (media / "articles/2026/11/photo.jpg").unlink()
    assert not Issue.objects.exists()

    call_command("restore", str(archive))
    assert texts() == before
    assert (media / "articles/2026/11/photo.jpg").read_bytes() == b"\xff\xd8 not really a photo"
    assert "已恢复" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_refuses_to_restore_over_data(tmp_path, media):
    call_command("loaddemo", "--force")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "-o", str(archive))
    with pytest.raises(CommandError) as error:
        call_command("restore", str(archive))
    assert str(error.value) == "数据库不是空的，恢复会覆盖现有数据。如确需替换，请加 --force。"
    assert Issue.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_refuses_a_damaged_archive(tmp_path, media):
    call_command("loaddemo", "--force")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "-o", str(archive))
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data = b"changed" + data
                member.size = len(data)
            import io

            target.addfile(member, io.BytesIO(data))
    call_command("flush", "--no-input")
    with pytest.raises(CommandError) as error:
        call_command("restore", str(tampered))
    assert str(error.value) == "存档已损坏：articles/2026/11/photo.jpg 的校验和不符。"
    assert not Issue.objects.exists()


def test_it_refuses_an_archive_with_path_traversal(tmp_path, db):
    import io

    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as archive:
        info = tarfile.TarInfo("../../outside.txt")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError) as error:
        call_command("restore", str(evil))
    assert str(error.value) == "存档中含有不安全的条目：../../outside.txt"
    assert not (tmp_path.parent / "outside.txt").exists()


def test_a_missing_archive_is_a_clear_error(db):
    with pytest.raises(CommandError) as error:
        call_command("restore", "/nonexistent/backup.tar.gz")
    assert str(error.value) == "文件 /nonexistent/backup.tar.gz 不存在。"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_archive_is_readable_by_its_owner_only(tmp_path, media):
    archive = tmp_path / "backup.tar.gz"
    previous = os.umask(0o022)  # the usual umask would make it -rw-r--r--
    try:
        call_command("backup", "-o", str(archive))
        # A partial file left by an interrupted run with a looser mode does not pass its mode on.
        leftover = tmp_path / "again.tar.gz.partial"
        leftover.write_bytes(b"")
        leftover.chmod(0o644)
        call_command("backup", "-o", str(tmp_path / "again.tar.gz"))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "again.tar.gz").stat().st_mode) == 0o600


def test_the_backup_unit_sets_a_private_umask():
    unit = (Path(settings.BASE_DIR) / "deploy/systemd/bulletin-backup.service").read_text()
    assert "\nUMask=0077\n" in unit


def tampered_archive(path: Path, *, manifest_changes=None, members=None, links=()) -> Path:
    """An archive shaped like a backup (the files in ``members``, a manifest listing them with their
    right checksums), then bent by ``manifest_changes`` and symlink or hard-link ``links``."""
    import hashlib
    import io

    members = {"database.sqlite3": b"not really a database", **(members or {})}
    manifest = {
        "format": 1,
        "created": "2026-12-01T00:00:00+00:00",
        "django": "6.1",
        "database": {
            "vendor": "sqlite",
            "file": "database.sqlite3",
            "sha256": hashlib.sha256(members["database.sqlite3"]).hexdigest(),
        },
        "media": [
            {
                "path": name.removeprefix("media/"),
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            for name, data in members.items()
            if name.startswith("media/")
        ],
    }
    (manifest_changes or (lambda m: None))(manifest)
    with tarfile.open(path, "w:gz") as archive:
        for name, data in [("manifest.json", json.dumps(manifest).encode()), *members.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, kind, target in links:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            archive.addfile(info)
    return path


def restore_error(archive: Path) -> str:
    with pytest.raises(CommandError) as error:
        call_command("restore", str(archive))
    return str(error.value)


def test_a_manifest_path_leading_out_of_the_media_folder_is_refused_before_anything_is_written(
    tmp_path, media, db
):
    payload = b"alert('pwned')"
    import hashlib

    def escape(manifest):
        manifest["media"].append(
            {"path": "../static/admin/js/pwned.js", "size": 14, "sha256": hashlib.sha256(payload).hexdigest()}
        )

    archive = tampered_archive(
        tmp_path / "evil.tar.gz",
        members={"media/articles/first.jpg": b"fine", "static/admin/js/pwned.js": payload},
        manifest_changes=escape,
    )
    assert restore_error(archive) == "存档中含有不安全的路径：../static/admin/js/pwned.js"
    assert not (media.parent / "static").exists()
    assert not (media / "articles/first.jpg").exists()  # the entries before it were not written either


def test_an_absolute_media_path_is_refused(tmp_path, media, db):
    target = tmp_path / "elsewhere.txt"

    def absolute(manifest):
        manifest["media"][0]["path"] = str(target)

    archive = tampered_archive(
        tmp_path / "evil.tar.gz", members={"media/a.txt": b"x"}, manifest_changes=absolute
    )
    assert restore_error(archive) == f"存档中含有不安全的路径：{target}"
    assert not target.exists()


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "manifest.json", "missing.sqlite3"])
def test_a_database_path_outside_the_archive_is_a_chinese_error(tmp_path, media, db, name):
    def elsewhere(manifest):
        manifest["database"]["file"] = name

    archive = tampered_archive(tmp_path / "evil.tar.gz", manifest_changes=elsewhere)
    message = restore_error(archive)
    if name.startswith(("..", "/")):
        assert message == f"存档中含有不安全的路径：{name}"
    else:
        assert message == f"存档中没有数据库文件 {name}。"


def test_a_symlink_already_in_the_media_folder_does_not_lead_the_restore_out(tmp_path, media, db):
    outside = tmp_path / "outside"
    outside.mkdir()
    (media / "linked").symlink_to(outside)
    archive = tampered_archive(tmp_path / "evil.tar.gz", members={"media/linked/x.jpg": b"x"})
    assert restore_error(archive) == "存档中含有不安全的路径：linked/x.jpg"
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_links_inside_the_archive_are_refused(tmp_path, media, db, kind):
    archive = tampered_archive(tmp_path / "evil.tar.gz", links=[("media/passwd", kind, "/etc/passwd")])
    assert restore_error(archive) == "存档中含有不安全的条目：media/passwd"
    assert not (media / "passwd").exists()


def test_an_absolute_archive_entry_is_refused(tmp_path, media, db):
    archive = tampered_archive(tmp_path / "evil.tar.gz", members={str(tmp_path / "abs.txt"): b"x"})
    assert restore_error(archive) == f"存档中含有不安全的条目：{tmp_path / 'abs.txt'}"
    assert not (tmp_path / "abs.txt").exists()


def test_an_incomplete_manifest_is_a_chinese_error(tmp_path, media, db):
    archive = tampered_archive(tmp_path / "evil.tar.gz", manifest_changes=lambda m: m.pop("database"))
    assert restore_error(archive) == "存档清单不完整，不是本系统的备份。"
