"""Close matches for a new unit's name (``contributors.matching``): the same place under another
level (市/区/县, 镇/乡/街道), or the union written with or without 总; nothing else."""

import pytest

from contributors.matching import close_matches, place_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("吴江市总工会", "吴江"),
        ("吴江区总工会", "吴江"),
        ("吴江区总", "吴江"),
        ("吴江县工会", "吴江"),
        ("杨舍镇总工会", "杨舍"),
        ("杨舍街道总工会", "杨舍"),
        ("苏州工业园区工会", "苏州工业园"),
        ("市总生产部", "市总生产部"),  # not a union's name: compared whole
        ("市总工会", ""),  # too little left to compare
        ("区总工会", ""),
        ("", ""),
    ],
)
def test_place_key(name, key):
    assert place_key(name) == key


CANDIDATES = [
    (1, "吴江区总工会"),
    (2, "吴中区总工会"),
    (3, "姑苏区总工会"),
    (4, "张家港市总工会"),
    (5, "市总工会"),
]


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("吴江市总工会", {1}),  # 市 ↔ 区
        ("吴江县总工会", {1}),
        ("张家港市工会", {4}),  # with or without 总
        ("张家港区总", {4}),
        ("平江区总工会", set()),  # merged into another place: no guess
        ("吴县总工会", set()),  # a key of one character says nothing
        ("区总工会", set()),
    ],
)
def test_close_matches(name, found):
    assert close_matches(name, CANDIDATES) == found


def test_a_unit_is_not_its_own_match():
    assert close_matches("吴江区总工会", CANDIDATES, exclude=1) == set()


def test_former_names_count_as_names_of_their_unit():
    assert close_matches("吴江县总工会", [(7, "吴江市总工会")]) == {7}
