"""Sections, titles, paragraphs and attributions of a bulletin with every layout variant."""

import json

import pytest

from articles.models import Article
from bulletin.models import Issue, Section
from contributors.models import Unit
from tests.factories import UnitFactory
from tests.formats.bulletins import bulletin, run_import

FULL = bulletin("full-masthead.txt")


@pytest.fixture
def units(db):
    for name in ["市总权益保障部", "市总女职工部", "市总财务部", "市总经审办"]:
        UnitFactory(name=name, kind="department")
    UnitFactory(name="河东区总工会", kind="federation")


@pytest.fixture
def parsed(units):
    out, _ = run_import(FULL, "--dry-run", "--format", "json")
    return json.loads(out)


@pytest.fixture
def imported(units):
    out, err = run_import(FULL)
    return Issue.objects.get(), out, err


def test_it_reads_sections_in_order_with_their_articles(parsed):
    assert [(section["name"], len(section["articles"])) for section in parsed["sections"]] == [
        ("工作动态", 2),
        ("基层风采", 1),
        ("工作简讯", 2),
    ]


def test_it_reads_a_title_wrapped_over_two_lines(parsed):
    assert parsed["sections"][0]["articles"][0]["title"] == "市总工会部署夏季高温职工防暑降温工作"


def test_it_reads_a_title_wrapped_with_a_blank_line_in_between(parsed):
    assert parsed["sections"][0]["articles"][1]["title"] == "河东区总工会开展职工技能培训月活动"


def test_it_reads_indented_paragraphs_one_per_line(parsed):
    assert parsed["sections"][0]["articles"][0]["paragraphs"] == [
        "6月中旬，市总工会召开专题会议，部署今年夏季职工防暑降温工作。会议要求各级工会督促用工单位落实高温津贴制度。",
        "各地工会将组织“送清凉”慰问小分队，深入建筑工地和户外作业现场。",
    ]


def test_it_reads_an_attribution_in_half_width_parentheses_with_a_shared_prefix(parsed):
    article = parsed["sections"][0]["articles"][0]
    assert (article["byline"], article["units"]) == (
        "市总权益保障部、女职工部",
        ["市总权益保障部", "市总女职工部"],
    )


def test_it_reads_an_attribution_alone_on_the_next_line(parsed):
    article = parsed["sections"][0]["articles"][1]
    assert (article["paragraphs"], article["byline"]) == (
        ["河东区总工会日前启动职工技能培训月活动，组织四十家企业的职工参加焊工、电工等工种培训。"],
        "河东区总工会",
    )


def test_it_reads_an_attribution_after_spaces_at_the_end_of_the_paragraph(parsed):
    article = parsed["sections"][1]["articles"][0]
    assert (article["byline"], article["units"]) == ("综合来稿", [])
    assert article["paragraphs"][0].endswith("藏书三千余册。")


def test_it_reads_briefs_as_lead_sentence_and_body(parsed):
    assert [
        (brief["title"], brief["paragraphs"], brief["byline"]) for brief in parsed["sections"][2]["articles"]
    ] == [
        (
            "市总工会召开经审工作会议",
            ["6月10日，市总工会召开全市工会经审工作会议，总结去年工作，部署今年任务。"],
            "市总财务部、经审办",
        ),
        (
            "北湖区总工会慰问环卫工人",
            ["近日，北湖区总工会为辖区一线环卫工人送去防暑药品和饮料。"],
            "北湖区总工会",
        ),
    ]


def test_it_creates_an_unknown_section_after_the_known_section_before_it(imported):
    assert list(Section.objects.values_list("name", flat=True)) == [
        "工作动态",
        "基层风采",
        "创先争优",
        "立功竞赛",
        "工作简讯",
    ]


def test_it_gives_a_new_section_the_standard_layout_and_an_ascii_slug(imported):
    section = Section.objects.get(name="基层风采")
    assert section.layout == "standard"
    assert section.slug.isascii()


def test_it_reports_the_new_section(imported):
    _, out, err = imported
    assert f"警告：{FULL} 第 22 行：栏目“基层风采”原先没有，已新建并排在文件中它前面的栏目之后。" in err
    assert "新建栏目：基层风采" in out


def test_it_creates_units_it_does_not_know_under_a_sensible_kind(imported):
    assert Unit.objects.get(name="北湖区总工会").kind == "federation"
    assert Article.objects.get(title="北湖区总工会慰问环卫工人").units.get().name == "北湖区总工会"


def test_it_links_existing_units_without_creating_them_again(imported):
    assert Unit.objects.filter(name="河东区总工会").count() == 1
    assert Article.objects.get(title__startswith="河东区总工会开展").units.get().name == "河东区总工会"


def test_it_stores_paragraphs_as_sanitised_html(imported):
    article = Article.objects.get(title="青石镇总工会建成职工书屋")
    assert (
        article.body == "<p>青石镇总工会利用镇文化中心场地，建成面积两百平方米的职工书屋，藏书三千余册。</p>"
    )


def test_it_orders_articles_within_their_sections(imported):
    issue, _, _ = imported
    assert list(issue.articles.in_reading_order().values_list("section__name", "position")) == [
        ("工作动态", 1),
        ("工作动态", 2),
        ("基层风采", 1),
        ("工作简讯", 1),
        ("工作简讯", 2),
    ]


def test_it_summarises_the_import(imported):
    _, out, _ = imported
    assert out.splitlines()[-1] == (
        "汇总：1 期，5 篇稿件，新建单位 1 个，新建栏目 1 个，警告 2 条，失败文件 0 个。"
    )
    assert "新建单位：北湖区总工会" in out.splitlines()


def test_it_ends_an_article_at_a_glued_attribution_before_the_next_title(db, tmp_path):
    path = tmp_path / "glued.txt"
    path.write_text(
        "【工作动态】\n\n东湖区总工会宣讲劳动法律\n\n东湖区总工会向外来务工人员宣讲劳动就业等政策（东湖区总工会）\n\n"
        "西山区总工会开展检查\n\n西山区总工会日前开展安全检查。（西山区总工会）\n",
        encoding="utf-8",
    )
    out, _ = run_import(path, "--dry-run", "--format", "json", "--number", "1", "--date", "2020-01-02")
    articles = json.loads(out)["sections"][0]["articles"]
    assert [(article["title"], article["byline"]) for article in articles] == [
        ("东湖区总工会宣讲劳动法律", "东湖区总工会"),
        ("西山区总工会开展检查", "西山区总工会"),
    ]


def test_it_keeps_a_glued_unit_name_inside_a_paragraph_when_the_article_goes_on(db, tmp_path):
    path = tmp_path / "inside.txt"
    path.write_text(
        "【工作动态】\n\n东湖区总工会宣讲劳动法律\n\n活动由区总工会主办（东湖区总工会）\n\n"
        "现场发放宣传资料三百余份，解答咨询五十余人次。（东湖区总工会）\n",
        encoding="utf-8",
    )
    out, _ = run_import(path, "--dry-run", "--format", "json", "--number", "1", "--date", "2020-01-02")
    article = json.loads(out)["sections"][0]["articles"][0]
    assert article["paragraphs"] == [
        "活动由区总工会主办（东湖区总工会）",
        "现场发放宣传资料三百余份，解答咨询五十余人次。",
    ]


def test_it_joins_a_centred_title_whose_lines_are_pushed_right(db, tmp_path):
    path = tmp_path / "centred.txt"
    path.write_text(
        "【工作动态】\n\n            市总工会召开全市工会\n          经济工作会议\n\n"
        "    会议部署了全年工作。（市总生产部）\n",
        encoding="utf-8",
    )
    out, _ = run_import(path, "--dry-run", "--format", "json", "--number", "1", "--date", "2020-01-02")
    article = json.loads(out)["sections"][0]["articles"][0]
    assert (article["title"], article["paragraphs"]) == (
        "市总工会召开全市工会经济工作会议",
        ["会议部署了全年工作。"],
    )


def test_it_continues_a_section_whose_heading_comes_again(db, tmp_path):
    path = tmp_path / "again.txt"
    item = "【工作动态】\n\n{}区总工会开展检查\n\n{}区总工会日前开展安全检查。（{}区总工会）\n\n"
    path.write_text(
        item.format("东湖", "东湖", "东湖") + item.format("西山", "西山", "西山"), encoding="utf-8"
    )
    run_import(path, "--number", "1", "--date", "2020-01-02")
    assert list(Issue.objects.get().articles.in_reading_order().values_list("title", "position")) == [
        ("东湖区总工会开展检查", 1),
        ("西山区总工会开展检查", 2),
    ]
