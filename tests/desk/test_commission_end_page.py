"""The 结束 / 取消 confirm pages name the units that have not answered and who will be e-mailed; the
success message says who was told; a second POST answers the service's error (409), not a 500."""

import pytest
from django.core import mail
from django.urls import reverse

from infowork.models import Commission
from tests.infowork.commission_helpers import commission_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def commission(cast, unit_a, unit_b):
    return commission_for(cast.editor, [unit_a, unit_b], title="职工书屋建设")


@pytest.mark.parametrize("action", ["close", "cancel"])
def test_the_confirm_page_says_who_will_be_told(client, cast, commission, action):
    client.force_login(cast.editor)
    page = client.get(reverse("desk:commission_end", args=[commission.pk, action])).content.decode()
    assert "甲市总工会" in page and "乙区总工会" in page
    assert "不发邮件通知" not in page
    assert "收到一封邮件" in page


def test_cancelling_tells_the_units_and_a_second_post_is_refused(client, cast, commission):
    client.force_login(cast.editor)
    address = reverse("desk:commission_end", args=[commission.pk, "cancel"])
    mail.outbox.clear()
    response = client.post(address, {"note": "上级通知暂停"}, follow=True)
    assert "约稿《职工书屋建设》已取消。 已发邮件通知：" in response.content.decode()
    again = client.post(address, {"note": "上级通知暂停"})
    assert again.status_code == 409
    assert "约稿《职工书屋建设》“已取消”，不能再做任何操作。" in again.content.decode()
    assert Commission.objects.get().status == Commission.Status.CANCELLED


def test_after_closing_a_unit_that_sent_nothing_is_not_shown_as_still_waiting(client, cast, commission):
    client.force_login(cast.editor)
    detail = reverse("desk:commission_detail", args=[commission.pk])
    assert "待报送" in client.get(detail).content.decode()
    client.post(reverse("desk:commission_end", args=[commission.pk, "close"]), {"note": ""})
    page = client.get(detail).content.decode()
    assert "待报送" not in page and page.count("未报送") == 2
