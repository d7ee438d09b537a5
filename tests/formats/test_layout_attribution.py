"""Attributions ending in 供稿: the unit without the word, the byline as printed."""

import json

import pytest

from articles.models import Article
from contributors.models import Unit
from formats.importer.attribution import unit_names
from tests.formats.bulletins import run_import
from tests.formats.layouts import layout, write

TITLE = "西山区总工会举办职工心理健康讲座"
TEXT = "　　西山区总工会邀请心理咨询师为三百余名一线职工讲授情绪管理方法。"


@pytest.mark.parametrize(
    "byline, units",
    [
        ("西山区总工会供稿", ["西山区总工会"]),
        ("西山区总工会 供稿", ["西山区总工会"]),
        ("供稿：西山区总工会", ["西山区总工会"]),
        ("供稿单位：西山区总工会", ["西山区总工会"]),
        ("市总生产部、宣教部供稿", ["市总生产部", "市总宣教部"]),
        ("西山区总工会、东湖区总工会供稿", ["西山区总工会", "东湖区总工会"]),
        ("综合来稿", []),
    ],
)
def test_the_unit_is_named_without_the_word(byline, units):
    assert unit_names(byline=byline) == units


@pytest.mark.parametrize(
    "line",
    [f"{TEXT}（西山区总工会供稿）", f"{TEXT}          （西山区总工会供稿）", f"{TEXT}\n（西山区总工会供稿）"],
)
def test_an_article_ending_in_supplied_by_links_the_unit_and_keeps_the_byline(db, tmp_path, line):
    path = write(tmp_path, layout(article=f"{TITLE}\n\n{line}"))
    out, _ = run_import(path, "--dry-run", "--format", "json")
    parsed = json.loads(out)["sections"][0]["articles"][0]
    assert (parsed["byline"], parsed["units"]) == ("西山区总工会供稿", ["西山区总工会"])
    run_import(path)
    article = Article.objects.get(title=TITLE)
    assert article.byline == "西山区总工会供稿"
    assert list(article.units.values_list("name", flat=True)) == ["西山区总工会"]
    assert not Unit.objects.filter(name__contains="供稿").exists()


def test_a_brief_ending_in_supplied_by(db, tmp_path):
    text = layout().replace("（青石镇总工会）", "（青石镇总工会供稿）")
    run_import(write(tmp_path, text))
    article = Article.objects.get(title="青石镇总工会慰问环卫工人")
    assert article.byline == "青石镇总工会供稿"
    assert list(article.units.values_list("name", flat=True)) == ["青石镇总工会"]


def test_a_known_unit_is_reused(db, tmp_path):
    unit = Unit.objects.create(name="西山区总工会", kind="federation")
    run_import(write(tmp_path, layout(article=f"{TITLE}\n\n{TEXT}（西山区总工会供稿）")))
    assert list(Article.objects.get(title=TITLE).units.all()) == [unit]
    assert Unit.objects.filter(name="西山区总工会").count() == 1
