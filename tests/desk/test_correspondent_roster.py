"""信息员 (/desk/correspondents/): units with their correspondents, the phone for the office only,
naming, changing and ending on small forms and a confirm page (editors; signers read)."""

import pytest

from infowork.models import Correspondent, InfoworkLog
from tests.factories import StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db

LIST = "/desk/correspondents/"


@pytest.fixture
def roster(unit_a, unit_b):
    staff = StaffFactory(unit=unit_a, user__first_name="王芳")
    named = Correspondent.objects.create(staff=staff, phone="13800001111")
    StaffFactory(unit=unit_b, user__first_name="李强")
    UnitFactory(name="市总宣教部", kind="department")
    return named


def test_an_editor_sees_every_unit_the_phones_and_the_units_without_one(client, editor, roster):
    client.force_login(editor)
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "王芳" in page and "13800001111" in page
    assert "1个单位尚无信息员" in page and "乙区总工会" in page
    assert f"/desk/correspondents/{roster.pk}/change/" in page
    assert "市总宣教部" in page


def test_a_signer_reads_it_without_the_buttons(client, signer, roster):
    client.force_login(signer)
    page = client.get(LIST).content.decode()
    assert "13800001111" in page
    assert "/change/" not in page and "/new/" not in page


@pytest.mark.parametrize("who", ["correspondent_a", "reader"])
def test_others_get_403_and_never_see_a_phone(client, request, who, roster):
    client.force_login(request.getfixturevalue(who))
    response = client.get(LIST)
    assert response.status_code == 403
    assert "13800001111" not in response.content.decode()
    for address in (f"/desk/correspondents/{roster.pk}/change/", f"/desk/correspondents/{roster.pk}/end/"):
        assert client.post(address, {"phone": "1"}).status_code == 403
    roster.refresh_from_db()
    assert roster.active and roster.phone == "13800001111"


def test_an_editor_names_a_correspondent(client, editor, roster, unit_b):
    client.force_login(editor)
    address = f"/desk/correspondents/units/{unit_b.pk}/new/"
    page = client.get(address).content.decode()
    assert "为乙区总工会指定信息员" in page and "李强" in page and "王芳" not in page
    staff = unit_b.staff.get()
    response = client.post(address, {"staff": staff.pk, "phone": "0512-6", "since": "2026-01-05"})
    assert response.status_code == 302
    named = Correspondent.objects.get(staff=staff)
    assert named.active and named.phone == "0512-6" and str(named.since) == "2026-01-05"
    assert "已指定李强为乙区总工会的信息员。" in client.get(LIST).content.decode()


@pytest.mark.parametrize(
    ("data", "message", "status"),
    [
        ({}, "请选择担任信息员的工作人员。", 400),
        ({"staff": "x"}, "请从列出的本单位工作人员中选择。", 400),
        ({"staff": "STAFF", "phone": "1" * 41}, "电话号码最多40个字符。", 400),
        ({"staff": "STAFF", "since": "2026-13-01"}, "请按 YYYY-MM-DD 格式填写日期，例如 2026-01-31。", 400),
    ],
)
def test_naming_with_bad_input_saves_nothing(client, editor, roster, unit_b, data, message, status):
    client.force_login(editor)
    staff = unit_b.staff.get()
    data = {key: (staff.pk if value == "STAFF" else value) for key, value in data.items()}
    response = client.post(f"/desk/correspondents/units/{unit_b.pk}/new/", data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Correspondent.objects.filter(staff=staff).exists()
    assert not InfoworkLog.objects.exists()


def test_a_staff_member_of_another_unit_cannot_be_named(client, editor, roster, unit_a, unit_b):
    client.force_login(editor)
    other = unit_b.staff.get()
    response = client.post(f"/desk/correspondents/units/{unit_a.pk}/new/", {"staff": other.pk})
    assert response.status_code == 400
    assert not Correspondent.objects.filter(staff=other).exists()


def test_an_editor_changes_and_ends_a_correspondent(client, editor, roster):
    client.force_login(editor)
    change = f"/desk/correspondents/{roster.pk}/change/"
    assert 'value="13800001111"' in client.get(change).content.decode()
    assert client.post(change, {"phone": "13900002222", "note": "兼任"}).status_code == 302
    roster.refresh_from_db()
    assert (roster.phone, roster.note) == ("13900002222", "兼任")
    end = f"/desk/correspondents/{roster.pk}/end/"
    page = client.get(end).content.decode()
    assert "王芳将不再列为甲市总工会的信息员" in page
    assert "此后甲市总工会将没有信息员" in page
    roster.refresh_from_db()
    assert roster.active  # GET changes nothing
    assert client.post(end).status_code == 302
    roster.refresh_from_db()
    assert not roster.active
    assert client.get(end).status_code == 404  # ended: no longer offered
    assert list(InfoworkLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "correspondent_change",
        "correspondent_end",
    ]


def test_the_list_stays_within_its_query_budget(client, editor, django_assert_max_num_queries):
    for index in range(40):
        unit = UnitFactory(name=f"名单{index}区总工会")
        Correspondent.objects.create(staff=StaffFactory(unit=unit))
    client.force_login(editor)
    client.get(LIST)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert len(response.context["units"]) >= 40
