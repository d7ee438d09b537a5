"""Which units an attribution names, and what a new unit is taken to be."""

import pytest

from formats.importer.attribution import guess_kind, guess_parent, unit_names
from formats.importer.lines import trailing_attribution


@pytest.mark.parametrize(
    ("byline", "known", "names"),
    [
        ("市总生产部、宣教部", [], ["市总生产部", "市总宣教部"]),
        ("市总财务部、经审办", [], ["市总财务部", "市总经审办"]),
        ("市总生产部、女职工部", [], ["市总生产部", "市总女职工部"]),
        ("张家港市总工会办公室、组织部", [], ["张家港市总工会办公室", "张家港市总工会组织部"]),
        ("太仓市总工会、昆山市总工会", [], ["太仓市总工会", "昆山市总工会"]),
        ("市总工会、人社局", [], ["市总工会", "人社局"]),
        ("太仓市总工会、城厢镇总工会", ["太仓城厢镇总工会"], ["太仓市总工会", "太仓城厢镇总工会"]),
        ("综合来稿", [], []),
        ("本刊编辑部", [], []),
        ("通讯员 李明", [], []),
        ("评模办", [], ["评模办"]),
    ],
)
def test_it_names_the_units_of_an_attribution(byline, known, names):
    assert unit_names(byline=byline, known=known) == names


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("市总宣教部", "department"),
        ("市总工会办公室", "department"),
        ("平江区总工会", "federation"),
        ("吴江市总工会", "federation"),
        ("苏州工业园区工会", "federation"),
        ("太仓城厢镇总工会", "town"),
        ("南塘街道总工会", "town"),
        ("市教育工会", "industry"),
        ("人民银行苏州中支工会", "industry"),
        ("港城精密机械有限公司工会", "grassroots"),
        ("评模办", "other"),
    ],
)
def test_it_guesses_the_kind_of_a_new_unit(name, kind):
    assert guess_kind(name) == kind


def test_it_places_a_town_union_under_the_federation_of_its_city():
    assert guess_parent("太仓城厢镇总工会", known=["太仓市总工会", "昆山市总工会"]) == "太仓市总工会"


def test_it_places_a_department_under_the_union_whose_name_it_starts_with():
    assert guess_parent("张家港市总工会办公室", known=["张家港市总工会", "张家港市"]) == "张家港市总工会"


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("正文。（东湖区总工会）", ("正文。", "东湖区总工会")),
        ("正文。    (东湖区总工会)", ("正文。", "东湖区总工会")),
        ("（东湖区总工会）", ("", "东湖区总工会")),
        ("签订率不低于99%（不含外资企业）", None),
        ("各市（县）、区总工会参加会议。", None),
        ("正文。（据统计，全年共计十次。）", None),
    ],
)
def test_it_finds_an_attribution_only_at_the_end_of_a_line(line, found):
    attribution = trailing_attribution(line)
    assert (attribution and (attribution.text, attribution.byline)) == found


def test_it_takes_a_unit_glued_to_the_last_word_as_a_weak_attribution():
    attribution = trailing_attribution("宣讲了劳动就业等政策（太仓市总工会）")
    assert (attribution.text, attribution.byline, attribution.weak) == (
        "宣讲了劳动就业等政策",
        "太仓市总工会",
        True,
    )


def test_it_does_not_take_a_glued_note_for_an_attribution():
    assert trailing_attribution("举办了第三届职工运动会（见附图）") is None
