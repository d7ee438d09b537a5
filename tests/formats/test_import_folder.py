"""A folder at once: files of every format in name order (subfolders too), other files skipped with
a note, a file that fails leaves nothing and the rest import; the dry run says per file what would
be created; the CSV report opens in Excel; JSON for every format."""

import csv
import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from bulletin.models import Issue
from contributors.models import Unit
from tests.formats.bulletins import bulletin, run_failing_import, run_import
from tests.formats.documents import convert, demo_bulletin, write_docx


@pytest.fixture
def archive(tmp_path):
    """2019: a Word file and its PDF copy under another number; 2020: a text file; some clutter."""
    folder = tmp_path / "archive"
    (folder / "2019").mkdir(parents=True)
    (folder / "2020").mkdir()
    word = demo_bulletin()
    word.number_line = "第3期（总第186期）"
    docx = write_docx(word, folder / "2019" / "a-issue3.docx")
    printed = demo_bulletin()
    printed.number_line = "第4期（总第187期）"
    pdf = convert(write_docx(printed, tmp_path / "b-issue4.docx"), "pdf")
    shutil.move(pdf, folder / "2019" / "b-issue4.pdf")
    shutil.copy(bulletin("full-masthead.txt"), folder / "2020" / "issue.TXT")
    (folder / "2019" / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "2019" / "~$issue3.docx").write_bytes(b"lock")
    return folder, docx


def test_it_imports_a_folder_and_its_subfolders_in_name_order(db, archive):
    folder, _ = archive
    out, _ = run_import(folder)
    lines = [line for line in out.splitlines() if "已导入" in line]
    assert [line.split("（")[0] for line in lines] == [
        str(folder / "2019" / "a-issue3.docx"),
        str(folder / "2019" / "b-issue4.pdf"),
        str(folder / "2020" / "issue.TXT"),
    ]
    assert sorted(Issue.objects.values_list("year", "number")) == [(2019, 3), (2019, 4), (2019, 5)]


def test_it_skips_other_files_with_a_note(db, archive):
    folder, _ = archive
    out, _ = run_import(folder)
    assert f"已跳过 {folder / '2019' / 'cover.jpg'}：不是简报文件（.txt .docx .doc .wps .pdf）。" in out
    assert f"已跳过 {folder / '2019' / '~$issue3.docx'}：临时文件或隐藏文件。" in out


def test_a_file_that_fails_leaves_nothing_and_the_rest_import(db, archive):
    folder, _ = archive
    broken = folder / "2019" / "c-broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00broken" * 100)
    out, err, error = run_failing_import(folder)
    assert f"错误：{broken}：PDF 文件已损坏，无法读取。" in err
    assert f"{broken} 的内容均未保存。" in err
    assert str(error) == "4 个文件中有 1 个未能导入。"
    assert Issue.objects.count() == 3
    assert "汇总：3 期，" in out


def test_a_dry_run_says_per_file_what_would_be_created(db, archive):
    folder, docx = archive
    out, err = run_import(folder, "--dry-run")
    assert f"{docx}（Word .docx）：将导入2019年第3期（总第186期），共 3 篇稿件。" in out
    assert "  将新建单位：东湖区总工会、西山区总工会、市总女职工部" in out
    assert "  随稿件保存的图片：1 张" in out
    assert f"警告：{docx} 第 1 行：" in err
    assert not Issue.objects.exists()
    assert not Unit.objects.exists()
    assert out.splitlines()[-1] == "试运行：未保存任何数据。"


def test_it_writes_a_csv_report_that_excel_opens(db, archive, tmp_path):
    folder, docx = archive
    broken = folder / "2020" / "z-empty.docx"
    broken.write_bytes(b"")
    report = tmp_path / "report.csv"
    out, _, _ = run_failing_import(folder, "--report", report)
    assert report.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(report.open(encoding="utf-8-sig")))
    assert rows[0] == ["文件", "状态", "期次", "稿件数", "新单位", "警告", "错误"]
    by_file = {row[0]: row for row in rows[1:]}
    assert by_file[str(docx)][1:5] == [
        "已导入",
        "2019年第3期（总第186期）",
        "3",
        "东湖区总工会、西山区总工会、市总女职工部",
    ]
    assert "第 1 行：报头的编印单位" in by_file[str(docx)][5]
    assert by_file[str(broken)][1] == "未能导入"
    assert by_file[str(broken)][6] == f"{broken}：文件是空的。"
    assert by_file[str(folder / "2019" / "cover.jpg")][1] == "已跳过"
    assert f"报告已写入 {report}。" in out


def test_it_prints_one_json_document_for_a_word_file(db, archive):
    _, docx = archive
    out, _ = run_import(docx, "--dry-run", "--format", "json")
    parsed = json.loads(out)
    assert parsed["masthead"]["number"] == 3
    assert [section["name"] for section in parsed["sections"]] == ["工作动态", "工作简讯"]
    assert parsed["copies"] == 80


def test_it_prints_a_json_list_for_a_folder(db, archive):
    folder, _ = archive
    out, _ = run_import(folder, "--dry-run", "--format", "json")
    assert [item["masthead"]["number"] for item in json.loads(out)] == [3, 4, 5]


def test_it_shows_the_progress_bar_only_when_asked_or_on_a_terminal(db, archive):
    folder, _ = archive
    _, err = run_import(folder, "--dry-run")
    assert "[#" not in err
    err = StringIO()
    call_command("import_bulletin", str(folder), "--dry-run", "--progress", stdout=StringIO(), stderr=err)
    assert "[##########--------------------] 1/3 a-issue3.docx" in err.getvalue()
    assert "[##############################] 3/3 issue.TXT" in err.getvalue()


def test_it_refuses_a_folder_without_bulletin_files(db, tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"\xff\xd8\xff")
    _, err, error = run_failing_import(tmp_path / "photos")
    assert str(error) == "没有找到简报文件（.txt .docx .doc .wps .pdf）。"
    assert not Article.objects.exists()
