"""The archive importer refuses an article over the body limit (articles.text), naming its line."""

from articles.models import Article
from articles.text import MAX_BODY_TEXT
from bulletin.models import Issue
from tests.formats.bulletins import run_failing_import, run_import

DATED = ["--number", "3", "--date", "2019-03-01"]


def write(tmp_path, text: str):
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_refuses_an_article_over_the_limit_naming_the_line(db, tmp_path):
    path = write(
        tmp_path,
        "【工作动态】\n\n东湖区总工会举办劳动法律知识竞赛\n\n"
        + "赛" * (MAX_BODY_TEXT + 1)
        + "（东湖区总工会）\n",
    )
    _, err, _ = run_failing_import(path, *DATED)
    assert (
        f"错误：{path} 第 3 行：稿件《东湖区总工会举办劳动法律知识竞赛》过长：稿件正文共 50,001 个字符" in err
    )
    assert "最多允许 50,000 个。" in err
    assert not Issue.objects.exists()
    assert not Article.objects.exists()


def test_it_imports_an_article_at_the_limit(db, tmp_path):
    text = "赛" * (MAX_BODY_TEXT - 20)
    path = write(
        tmp_path, "【工作动态】\n\n东湖区总工会举办劳动法律知识竞赛\n\n" + text + "（东湖区总工会）\n"
    )
    run_import(path, *DATED)
    assert text in Article.objects.get().body
