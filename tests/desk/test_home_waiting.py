"""The pages each role starts at (/desk/ leads there) show what information work waits for: a
correspondent's 我的稿件 the commissions their unit has not answered and the leader instructions
waiting for its feedback; the editor's 待审 the instructions waiting and the units late with an
answer — only the user's own unit's, and in a fixed number of queries."""

import pytest
from django.urls import reverse

from articles.models import Article
from infowork.models import CommissionAnswer
from tests.factories import UnitFactory
from tests.infowork.commission_helpers import commission_for, past_commission
from tests.infowork.records_helpers import days_ago, feedback, instruction
from tests.workflow_helpers import article_in

S = Article.Status
pytestmark = pytest.mark.django_db
MINE = reverse("desk:my_articles")
QUEUE = reverse("desk:review_queue")


def answered(commission, unit, editor, title):
    article = article_in(S.SUBMITTED, unit, title=title)
    CommissionAnswer.objects.create(commission=commission, article=article, answered_by=editor)


@pytest.fixture
def waiting(cast, unit_a, unit_b):
    for_a = commission_for(cast.editor, [unit_a], title="甲单位待写约稿")
    for_b = commission_for(cast.editor, [unit_b], title="乙单位待写约稿")
    done = commission_for(cast.editor, [unit_a], title="甲单位已报送约稿")
    answered(done, unit_a, cast.editor, "甲单位应约稿")
    late = past_commission(cast.editor, [unit_a, unit_b], title="逾期约稿")
    answered(late, unit_b, cast.editor, "乙单位应约稿")
    article_a = article_in(S.PUBLISHED, unit_a, title="甲单位被批示稿件")
    article_b = article_in(S.PUBLISHED, unit_b, title="乙单位被批示稿件")
    instruction(article_a, cast.editor, leader="甲待反馈领导", day=days_ago(4))
    instruction(article_b, cast.editor, leader="乙待反馈领导", day=days_ago(3))
    feedback(instruction(article_a, cast.editor, leader="甲已反馈领导"), cast.correspondent_a)
    return {"for_a": for_a, "for_b": for_b, "done": done, "late": late}


def test_a_correspondent_sees_what_their_own_unit_owes(client, cast, waiting):
    client.force_login(cast.correspondent_a)
    page = client.get(MINE).content.decode()
    assert "甲单位待写约稿" in page and "逾期约稿" in page
    assert "乙单位待写约稿" not in page and "甲单位已报送约稿" not in page
    assert "等待本单位反馈落实情况的领导批示" in page
    assert "甲待反馈领导" in page and "已等待4天" in page
    assert "乙待反馈领导" not in page and "甲已反馈领导" not in page


def test_the_other_units_correspondent_sees_their_own(client, cast, waiting):
    client.force_login(cast.correspondent_b)
    page = client.get(MINE).content.decode()
    assert "乙单位待写约稿" in page and "乙待反馈领导" in page
    assert "逾期约稿" not in page  # 乙 has answered it
    assert "甲单位待写约稿" not in page and "甲待反馈领导" not in page


def test_a_correspondent_with_nothing_waiting_sees_no_panels(client, cast):
    client.force_login(cast.correspondent_a)
    page = client.get(MINE).content.decode()
    assert "等待本单位反馈落实情况的领导批示" not in page and "编辑部向本单位约稿" not in page


def test_the_editor_sees_instructions_waiting_and_late_units(client, cast, waiting):
    client.force_login(cast.editor)
    page = client.get(QUEUE).content.decode()
    assert "待办的信息工作" in page
    assert "2条领导批示等待单位反馈落实情况" in page
    assert "甲待反馈领导" in page and "乙待反馈领导" in page and "甲已反馈领导" not in page
    assert "1个单位逾期未报送应约稿件" in page
    assert "逾期约稿" in page and "甲市总工会" in page
    assert reverse("desk:commission_remind", args=[waiting["late"].pk]) in page
    assert "甲单位待写约稿" not in page  # not late yet


def test_the_editor_with_nothing_waiting_sees_no_panel(client, cast):
    client.force_login(cast.editor)
    assert "待办的信息工作" not in client.get(QUEUE).content.decode()


def test_the_home_pages_cost_a_fixed_number_of_queries(client, cast, unit_a, django_assert_max_num_queries):
    units = [unit_a] + [UnitFactory(name=f"第{n}镇工会") for n in range(6)]
    for n in range(12):
        past_commission(cast.editor, units, title=f"逾期约稿{n}")
        commission_for(cast.editor, units, title=f"约稿{n}")
        instruction(article_in(S.PUBLISHED, unit_a, title=f"稿件{n}"), cast.editor, leader=f"领导{n}")
    client.force_login(cast.editor)
    client.get(QUEUE)
    with django_assert_max_num_queries(14):
        page = client.get(QUEUE).content.decode()
    assert "12条领导批示" in page and "84个单位逾期未报送" in page
    client.force_login(cast.correspondent_a)
    client.get(MINE)
    with django_assert_max_num_queries(13):
        page = client.get(MINE).content.decode()
    assert page.count("领导") >= 10 and "逾期约稿" in page
