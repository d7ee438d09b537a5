"""What the office and the units see of commissions: per unit answered / late / waiting, the list
with its counts (running first, no N+1), and a correspondent's commissions."""

import pytest

from articles.models import Article
from infowork.models import Commission, CommissionAnswer
from infowork.selectors import (
    ANSWERED,
    LATE,
    WAITING,
    commission_counts,
    commission_list,
    commission_units,
    commissions_for_user,
    running_commissions_for_user,
)
from infowork.services import commission_answer, commission_close
from tests.factories import UnitFactory
from tests.infowork.commission_helpers import commission_for, days, past_commission
from tests.workflow_helpers import article_in

S = Article.Status
C = Commission.Status
pytestmark = pytest.mark.django_db


def states(commission, **kwargs):
    return {
        row.unit.name: (row.state, [a.title for a in row.answers])
        for row in commission_units(commission, **kwargs)
    }


def test_each_unit_is_answered_late_or_waiting(cast, unit_a, unit_b):
    unit_c = UnitFactory(name="丙镇总工会")
    late = past_commission(cast.editor, [unit_a, unit_b, unit_c], deadline=days(-1))
    sent = article_in(S.SUBMITTED, unit_a, title="甲的应约稿")
    draft = article_in(S.DRAFT, unit_b, title="乙的草稿")
    CommissionAnswer.objects.create(commission=late, article=sent)
    CommissionAnswer.objects.create(commission=late, article=draft)
    assert states(late) == {
        unit_a.name: (ANSWERED, ["甲的应约稿"]),
        unit_b.name: (LATE, ["乙的草稿"]),  # a draft is not sent in
        unit_c.name: (LATE, []),
    }
    running = commission_for(cast.editor, [unit_a, unit_b], title="劳模工匠进校园")
    commission_answer(
        actor=cast.editor, commission=running, article=article_in(S.SUBMITTED, unit_b, title="乙的应约稿")
    )
    assert states(running) == {unit_a.name: (WAITING, []), unit_b.name: (ANSWERED, ["乙的应约稿"])}


def test_a_piece_of_two_units_answers_for_both(cast, unit_a, unit_b):
    commission = commission_for(cast.editor, [unit_a, unit_b])
    shared = article_in(S.SUBMITTED, unit_a, title="两家合写")
    shared.units.add(unit_b)
    commission_answer(actor=cast.editor, commission=commission, article=shared)
    assert states(commission) == {
        unit_a.name: (ANSWERED, ["两家合写"]),
        unit_b.name: (ANSWERED, ["两家合写"]),
    }


def test_a_correspondent_sees_only_their_units_row(cast, unit_a, unit_b):
    commission = commission_for(cast.editor, [unit_a, unit_b])
    assert list(states(commission, unit_ids={unit_a.pk})) == [unit_a.name]


def test_the_list_counts_units_and_answers_running_first(cast, unit_a, unit_b):
    ended = commission_for(cast.editor, [unit_a], title="已结束的")
    commission_close(actor=cast.editor, commission=ended)
    later = commission_for(cast.editor, [unit_a, unit_b], title="晚截止", deadline=days(20))
    commission_for(cast.editor, [unit_a, unit_b], title="早截止", deadline=days(3))
    past_commission(cast.editor, [unit_b], title="逾期的", status=C.OVERDUE)
    commission_answer(actor=cast.editor, commission=later, article=article_in(S.SUBMITTED, unit_b))
    commission_answer(actor=cast.editor, commission=later, article=article_in(S.DRAFT, unit_a))
    rows = [(c.title, c.unit_count, c.answered_count) for c in commission_list()]
    assert rows == [("逾期的", 1, 0), ("早截止", 2, 0), ("晚截止", 2, 1), ("已结束的", 1, 0)]
    assert [c.title for c in commission_list(C.OPEN)] == ["早截止", "晚截止"]
    assert commission_counts() == {"open": 2, "overdue": 1, "closed": 1}


def test_the_list_is_one_query_whatever_its_size(cast, django_assert_max_num_queries):
    units = [UnitFactory(name=f"测试单位{n}") for n in range(10)]
    for n in range(30):
        commission = commission_for(cast.editor, units, title=f"约稿{n}")
        for unit in units[: n % 4]:
            CommissionAnswer.objects.create(commission=commission, article=article_in(S.SUBMITTED, unit))
    with django_assert_max_num_queries(1):
        rows = list(commission_list())
    assert len(rows) == 30
    assert sorted(row.answered_count for row in rows)[-1] == 3
    assert all(row.unit_count == 10 for row in rows)


def test_a_correspondent_has_the_commissions_of_their_unit(cast, unit_a, unit_b):
    own = commission_for(cast.editor, [unit_a], title="甲的约稿", deadline=days(9))
    both = commission_for(cast.editor, [unit_a, unit_b], title="共同的约稿", deadline=days(5))
    commission_for(cast.editor, [unit_b], title="乙的约稿")
    ended = commission_for(cast.editor, [unit_a], title="结束的约稿")
    commission_close(actor=cast.editor, commission=ended)
    assert set(commissions_for_user(cast.correspondent_a)) == {own, both, ended}
    assert list(running_commissions_for_user(cast.correspondent_a)) == [both, own]
    assert commissions_for_user(cast.editor).count() == 4
    assert not commissions_for_user(cast.reader).exists()
