"""The reads of adoptions and instructions: what each list holds, in which order, for whom, and in
a fixed number of queries."""

import datetime

import pytest

from infowork.selectors import (
    adoption_years,
    article_records,
    instructions_answered,
    instructions_for_user,
    instructions_waiting,
    upward_adoptions,
    waiting_days,
)
from tests.factories import UnitFactory

from .records_helpers import adoption, days_ago, feedback, instruction, published

pytestmark = pytest.mark.django_db


def test_waiting_instructions_come_oldest_first_and_leave_once_answered(editor, unit_a):
    article = published(unit_a)
    newer = instruction(article, editor, leader="新", day=days_ago(2))
    older = instruction(article, editor, leader="旧", day=days_ago(9))
    answered = instruction(article, editor, leader="已答", day=days_ago(20))
    feedback(answered, editor)
    assert list(instructions_waiting()) == [older, newer]
    assert list(instructions_answered()) == [answered]
    assert waiting_days(older) == 9 and waiting_days(newer, today=days_ago(0)) == 2


def test_a_correspondent_sees_their_units_records_only(
    editor, correspondent_a, correspondent_b, unit_a, unit_b
):
    town = UnitFactory(name="甲镇总工会", parent=unit_a)
    mine = instruction(published(town), editor)
    theirs = instruction(published(unit_b), editor)
    shared_article = published(unit_b)
    shared_article.units.add(unit_a)
    shared = instruction(shared_article, editor)
    waiting, answered = instructions_for_user(correspondent_a)
    assert set(waiting) == {mine, shared} and not answered.exists()
    assert set(instructions_waiting(user=correspondent_b)) == {theirs, shared}
    assert set(instructions_waiting(user=editor)) == {mine, theirs, shared}
    adopted = adoption(published(unit_a), editor)
    adoption(published(unit_b), editor)
    assert list(upward_adoptions(user=correspondent_a)) == [adopted]


def test_nobody_outside_the_units_sees_anything(reader, editor, unit_a):
    instruction(published(unit_a), editor)
    adoption(published(unit_a), editor)
    assert not instructions_waiting(user=reader).exists()
    assert not upward_adoptions(user=reader).exists()


def test_adoptions_filter_by_year_level_and_unit(editor, unit_a, unit_b):
    early = published(unit_a, day=datetime.date(2025, 1, 5))
    a = adoption(early, editor, level="city", day=datetime.date(2025, 2, 1))
    b = adoption(published(unit_b), editor, level="central", day=days_ago(0))
    c = adoption(published(unit_a), editor, level="central", day=days_ago(0))
    assert list(upward_adoptions(year=2025)) == [a]
    assert set(upward_adoptions(level="central")) == {b, c}
    assert list(upward_adoptions(level="nonsense")) == []
    assert set(upward_adoptions(unit=unit_a)) == {a, c}
    assert list(upward_adoptions(unit=unit_a, level="central")) == [c]
    assert adoption_years() == sorted({2025, days_ago(0).year}, reverse=True)


def test_an_articles_records_take_three_queries(editor, correspondent_a, unit_a, django_assert_num_queries):
    article = published(unit_a)
    for index in range(5):
        adoption(article, editor, outlet=f"刊物{index}")
        feedback(instruction(article, editor, leader=f"领导{index}"), correspondent_a)
    with django_assert_num_queries(3):
        adoptions, instructions = article_records(article)
        for item in instructions:
            assert [row.reported_by.username for row in item.feedback.all()] == ["corr_a"]
        assert [row.recorded_by.username for row in adoptions] == ["editor_user"] * 5
