"""The import_bulletin command: dry run, JSON, replace, draft, publication, progress and summary."""

import json

from articles.models import Article
from bulletin.models import Issue, Section
from contributors.models import Unit
from distribution.models import IssueLine
from tests.factories import PublicationFactory
from tests.formats.bulletins import bulletin, run_failing_import, run_import, sample_path

FULL = bulletin("full-masthead.txt")
SAMPLE_OPTIONS = ["--number", "2", "--date", "2012-02-28"]


def test_it_writes_nothing_on_a_dry_run(db):
    out, _ = run_import(FULL, "--dry-run")
    assert not Issue.objects.exists()
    assert not Article.objects.exists()
    assert not Unit.objects.exists()
    assert not IssueLine.objects.exists()
    assert Section.objects.count() == 4
    assert f"{FULL}（UTF-8）：将导入2019年第5期（总第188期），共 5 篇稿件。" in out
    assert out.splitlines()[-1] == "试运行：未保存任何数据。"


def test_it_prints_the_parsed_structure_as_json(db):
    out, _ = run_import(sample_path(), *SAMPLE_OPTIONS, "--dry-run", "--format", "json")
    parsed = json.loads(out)
    assert set(parsed) == {"masthead", "sections", "distribution", "copies"}
    assert parsed["masthead"] is None
    assert [len(section["articles"]) for section in parsed["sections"]] == [3, 2, 4, 6]
    assert set(parsed["sections"][0]["articles"][0]) == {"title", "subtitle", "paragraphs", "byline", "units"}
    assert parsed["sections"][2]["articles"][0]["units"] == ["市总生产部", "市总宣教部"]


def test_it_keeps_stdout_pure_json_and_reports_on_stderr(db):
    out, err = run_import(sample_path(), *SAMPLE_OPTIONS, "--format", "json")
    json.loads(out)
    assert "汇总：1 期，15 篇稿件" in err
    assert Issue.objects.count() == 1


def test_it_prints_a_list_for_several_files_as_json(db):
    out, _ = run_import(FULL, bulletin("gb18030.txt"), "--dry-run", "--format", "json")
    assert [item["masthead"]["number"] for item in json.loads(out)] == [5, 9]


def test_it_replaces_an_issue_imported_before(db):
    run_import(FULL)
    first_ids = set(Article.objects.values_list("pk", flat=True))
    out, _ = run_import(FULL, "--replace")
    assert f"{FULL}（UTF-8）：已替换2019年第5期（总第188期），现有 5 篇稿件。" in out
    assert Issue.objects.count() == 1
    assert Article.objects.count() == 5
    assert not first_ids & set(Article.objects.values_list("pk", flat=True))
    assert IssueLine.objects.count() == 3


def test_it_imports_as_a_draft_when_asked(db):
    run_import(FULL, "--draft")
    issue = Issue.objects.get()
    assert (issue.status, issue.published_at) == ("drafting", None)
    assert set(Article.objects.values_list("status", "published_at")) == {("accepted", None)}


def test_it_imports_into_the_publication_named_by_slug(db):
    other = PublicationFactory(slug="nvgong-jianbao", title="工会工作简报", editing_unit="江南市总工会办公室")
    _, err = run_import(FULL, "--publication", "nvgong-jianbao")
    assert Issue.objects.get().publication == other
    assert "报头的编印单位" not in err


def test_it_refuses_an_unknown_publication(db):
    _, _, error = run_failing_import(FULL, "--publication", "nope")
    assert str(error) == "没有标识为 nope 的刊物。"
    assert not Issue.objects.exists()


def test_it_shows_a_progress_bar_on_stderr_for_several_files(db):
    _, err, _ = run_failing_import(FULL, bulletin("gb18030.txt"), bulletin("empty.txt"), progress=True)
    assert "[##########--------------------] 1/3 full-masthead.txt" in err
    assert "[##############################] 3/3 empty.txt" in err


def test_it_shows_no_progress_bar_for_one_file(db):
    _, err = run_import(FULL)
    assert "[#" not in err


def test_it_warns_when_the_file_order_of_sections_differs_from_the_list(db, tmp_path):
    path = tmp_path / "order.txt"
    path.write_text(
        "【工作简讯】\n\n东湖区总工会举办竞赛。日前，东湖区总工会举办竞赛。（东湖区总工会）\n\n"
        "【工作动态】\n\n西山区总工会开展检查\n\n西山区总工会日前开展检查。（西山区总工会）\n",
        encoding="utf-8",
    )
    _, err = run_import(path, "--number", "1", "--date", "2020-01-02")
    assert (
        f"警告：{path} 第 5 行：栏目列表中“工作动态”排在“工作简讯”之前，导出时按栏目列表的顺序排列。" in err
    )


def test_it_explains_itself_in_chinese():
    from formats.management.commands.import_bulletin import Command

    text = Command().create_parser("manage.py", "import_bulletin").format_help()
    assert (
        "从纯文本、Word（.docx、.doc）、WPS 和 PDF 文件或存放它们的文件夹导入历年简报：每个文件一期，每个文件在一个事务中导入。"
        in text.replace("\n", "")
    )
    assert "只检查文件，不写入任何数据。" in text
