"""Old Word (.doc) and WPS (.wps) bulletins: LibreOffice converts them, then the Word path reads
them; without LibreOffice, or with a file it cannot read, a clear error and nothing saved."""

import time
from pathlib import Path

import pytest

from articles.models import Article, ArticleImage
from bulletin.models import Issue
from contributors.models import Unit
from formats.importer.readers import office
from tests.formats.bulletins import run_failing_import, run_import
from tests.formats.documents import convert, demo_bulletin, write_docx

TITLES = [
    "东湖区总工会举办“安康杯”安全知识竞赛",
    "西山区总工会开展夏季送清凉活动",
    "市总工会召开女职工工作座谈会",
]


def running(program: str) -> bool:
    """Whether a process runs ``program`` (its command line read from /proc)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if program.encode() in cmdline.read_bytes():
                return True
        except OSError:
            continue
    return False


def assert_nothing_saved():
    assert not Issue.objects.exists()
    assert not Article.objects.exists()
    assert not Unit.objects.exists()


@pytest.fixture
def demo_doc(tmp_path):
    return convert(write_docx(demo_bulletin(), tmp_path / "demo.docx"), "doc")


def titles() -> list[str]:
    return list(Article.objects.order_by("section__position", "position").values_list("title", flat=True))


def test_it_imports_an_old_word_file(db, demo_doc):
    out, _ = run_import(demo_doc)
    issue = Issue.objects.get()
    assert (issue.number, issue.total_number, issue.copies) == (5, 188, 80)
    assert titles() == TITLES
    assert ArticleImage.objects.get().article.title == TITLES[0]
    assert f"{demo_doc}（Word .doc）：已导入2019年第5期（总第188期），共 3 篇稿件。" in out


def test_it_imports_a_wps_file(db, demo_doc, tmp_path):
    # WPS writes its .wps files in the Word 97 binary format LibreOffice reads.
    path = tmp_path / "2019年第5期.wps"
    path.write_bytes(demo_doc.read_bytes())
    out, _ = run_import(path)
    assert titles() == TITLES
    assert f"{path}（WPS .wps）：已导入" in out


def test_it_imports_an_old_word_file_renamed_docx(db, demo_doc, tmp_path):
    path = tmp_path / "renamed.docx"
    path.write_bytes(demo_doc.read_bytes())
    run_import(path)
    assert titles() == TITLES


def test_it_says_which_package_to_install_when_libreoffice_is_missing(db, demo_doc, monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    _, err, _ = run_failing_import(demo_doc)
    assert (
        f"错误：{demo_doc}：读取 .doc 文件需要 LibreOffice，但本机没有安装。请安装 Debian 软件包 "
        "libreoffice-writer-nogui（apt-get install libreoffice-writer-nogui）后重试。" in err
    )
    assert_nothing_saved()


def test_it_refuses_a_doc_that_libreoffice_cannot_read(db, demo_doc, tmp_path):
    path = tmp_path / "cut-off.doc"
    data = demo_doc.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a copy broken off half way
    _, err, _ = run_failing_import(path)
    assert (
        f"错误：{path}：LibreOffice 无法读取这个 .doc 文件：文件已损坏、设有密码，或者不是 Word 或 WPS 文档。"
        in err
    )
    assert_nothing_saved()


def test_it_stops_libreoffice_at_the_time_limit(db, demo_doc, monkeypatch, tmp_path):
    # A stand-in for a LibreOffice that hangs: it never answers.
    hanging = tmp_path / "soffice"
    hanging.write_text("#!/bin/sh\nsleep 30\n")
    hanging.chmod(0o755)
    monkeypatch.setattr(office, "soffice", lambda: str(hanging))
    monkeypatch.setattr(office, "TIMEOUT_SECONDS", 0.5)
    started = time.perf_counter()
    _, err, _ = run_failing_import(demo_doc)
    assert time.perf_counter() - started < 5
    assert f"错误：{demo_doc}：LibreOffice 打开该文件超过 0.5 秒，已被终止。" in err
    assert not running(str(hanging))
    assert_nothing_saved()
