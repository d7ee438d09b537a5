"""内部资料 / 注意保存 above the masthead: accepted, and kept — the issue is internal. The same words in
the middle of the bulletin are no mark: the file is refused, naming the line."""

import json

import pytest

from articles.models import Article
from bulletin.models import Issue, Publication, Visibility
from tests.formats.bulletins import run_failing_import, run_import
from tests.formats.layouts import ARTICLE, MASTHEAD, layout, write


@pytest.mark.parametrize(
    "mark, marks",
    [
        ("内部资料", ["内部资料"]),
        ("注意保存", ["注意保存"]),
        ("内部资料  注意保存", ["内部资料", "注意保存"]),
        ("内部资料\u3000\u3000注意保存", ["内部资料", "注意保存"]),
        ("（内部资料·注意保存）", ["内部资料", "注意保存"]),
        ("                              内部资料", ["内部资料"]),
    ],
)
def test_a_mark_above_the_masthead_makes_the_issue_internal(db, tmp_path, mark, marks):
    path = write(tmp_path, layout(masthead=f"{mark}\n{MASTHEAD}"))
    out, err = run_import(path, "--dry-run", "--format", "json")
    masthead = json.loads(out)["masthead"]
    assert (masthead["title"], masthead["number"], masthead["marks"]) == ("工会工作简报", 7, marks)
    assert "警告：" not in err
    run_import(path)
    issue = Issue.objects.get()
    assert (issue.number, issue.visibility) == (7, Visibility.INTERNAL)
    assert not Issue.objects.public().exists()


def test_a_mark_on_the_title_line_or_under_it_counts_too(db, tmp_path):
    masthead = "工会工作简报　　　　内部资料\n注意保存\n第7期\n苏州市总工会办公室编　　2016年5月20日"
    run_import(write(tmp_path, layout(masthead=masthead)))
    assert Issue.objects.get().visibility == Visibility.INTERNAL


def test_without_a_mark_the_issue_takes_the_publication_default(db, tmp_path):
    run_import(write(tmp_path, layout()))
    assert Issue.objects.get().visibility == Visibility.PUBLIC


def test_a_mark_alone_above_the_sections_needs_the_number_and_date_from_elsewhere(db, tmp_path):
    path = write(tmp_path, layout(masthead="内部资料"), name="2016年第7期.txt")
    run_import(path, "--date", "2016-05-20")
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.visibility) == (2016, 7, Visibility.INTERNAL)


def test_a_mark_in_the_middle_of_an_article_is_refused_naming_the_line(db, tmp_path):
    article = ARTICLE.replace("\n\n　　", "\n\n内部资料\n\n　　")
    path = write(tmp_path, layout(article=article))
    _, err, error = run_failing_import(path)
    assert (
        f"错误：{path} 第 9 行：“内部资料”出现在简报正文中间，不在报头上方，因此不当作标记。请把它移到报头上方，或删去这一行。"
        in err
    )
    assert str(error) == "1 个文件中有 1 个未能导入。"
    assert not Issue.objects.exists()
    assert not Article.objects.exists()


def test_a_mark_between_articles_is_refused_too(db, tmp_path):
    path = write(tmp_path, layout(article=f"{ARTICLE}\n\n内部资料　注意保存"))
    _, err, _ = run_failing_import(path)
    assert f"错误：{path} 第 11 行：“内部资料　注意保存”出现在简报正文中间" in err
    assert not Issue.objects.exists()


def test_the_words_inside_a_sentence_are_ordinary_text(db, tmp_path):
    article = ARTICLE.replace("评出一等奖三名。", "评出一等奖三名，比武试题作为内部资料注意保存。")
    run_import(write(tmp_path, layout(article=article)))
    assert Issue.objects.get().visibility == Visibility.PUBLIC
    assert "作为内部资料注意保存。" in Article.objects.get(title="东湖区总工会开展职工技能比武").body


def test_the_command_says_the_issue_came_in_internal_naming_the_marks(db, tmp_path):
    path = write(tmp_path, layout(masthead=f"内部资料　注意保存\n{MASTHEAD}"))
    out, _ = run_import(path)
    assert (
        f"{path}（UTF-8）：已导入2016年第7期，共 2 篇稿件。本期为内部资料（报头标有“内部资料、注意保存”），仅供注册读者阅读。"
        in out
    )
    out, _ = run_import(path, "--dry-run", "--replace")
    assert "本期为内部资料（报头标有“内部资料、注意保存”）" in out


def test_the_command_says_an_issue_is_internal_by_its_publication(db, tmp_path):
    Publication.objects.update(default_visibility=Visibility.INTERNAL)
    out, _ = run_import(write(tmp_path, layout()))
    assert "已导入2016年第7期，共 2 篇稿件。本期按刊物设置为内部资料，仅供注册读者阅读。" in out


def test_the_command_says_nothing_of_visibility_for_a_public_issue(db, tmp_path):
    out, _ = run_import(write(tmp_path, layout()))
    assert "已导入2016年第7期，共 2 篇稿件。\n" in out
    assert "内部资料" not in out
