"""Former names (曾用名): one unit's only, never a unit's current name; added by editors through
``unit_add_former_name`` (logged) or in the admin (``clean``); confirming an imported unit."""

import pytest
from django.core.exceptions import ValidationError

from contributors.models import Unit, UnitEvent, UnitFormerName
from contributors.services import UnitError, unit_add_former_name, unit_confirm
from tests.factories import UnitFactory


@pytest.fixture
def wujiang(db):
    return UnitFactory(name="吴江区总工会")


def state():
    return (
        sorted(UnitFormerName.objects.values_list("unit_id", "name", "until_year", "note")),
        sorted(Unit.objects.values_list("pk", "name", "needs_review")),
        UnitEvent.objects.count(),
    )


def test_an_editor_adds_a_former_name(editor, wujiang):
    former = unit_add_former_name(
        actor=editor, unit=wujiang, name=" 吴江市总工会 ", until_year=2012, note="撤市设区"
    )
    assert (former.unit, former.name, former.until_year, former.note) == (
        wujiang,
        "吴江市总工会",
        2012,
        "撤市设区",
    )
    event = UnitEvent.objects.get()
    assert (event.unit, event.actor, event.action) == (wujiang, editor, UnitEvent.Action.FORMER_NAME_ADDED)
    assert event.summary == "添加曾用名：吴江市总工会。"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "请填写曾用名。"),
        ("   ", "请填写曾用名。"),
        ("吴" * 101, "曾用名最多100个字。"),
        ("吴江区总工会", "“吴江区总工会”是本单位的现用名称，不是曾用名。"),
        (
            "昆山市总工会",
            "“昆山市总工会”是另一个单位的现用名称。如果是同一个单位，请把那个单位合并到本单位。",
        ),
        ("吴江县总工会", "“吴江县总工会”已是本单位的曾用名。"),
        ("昆山县总工会", "“昆山县总工会”已是昆山市总工会的曾用名。"),
    ],
)
def test_bad_former_names_are_refused(editor, wujiang, name, message):
    kunshan = UnitFactory(name="昆山市总工会")
    UnitFormerName.objects.create(unit=wujiang, name="吴江县总工会")
    UnitFormerName.objects.create(unit=kunshan, name="昆山县总工会")
    before = state()
    with pytest.raises(UnitError) as error:
        unit_add_former_name(actor=editor, unit=wujiang, name=name)
    assert error.value.messages == [message]
    assert state() == before


@pytest.mark.parametrize("who", ["correspondent_a", "signer", "reader", "anonymous"])
def test_only_editors_add_former_names(cast, who, wujiang):
    before = state()
    with pytest.raises(UnitError) as error:
        unit_add_former_name(actor=getattr(cast, who), unit=wujiang, name="吴江市总工会")
    assert error.value.messages == ["只有编辑可以修改单位名录。"]
    assert state() == before


def test_the_model_checks_the_same_rules_for_the_admin(wujiang):
    UnitFactory(name="昆山市总工会")
    former = UnitFormerName(unit=wujiang, name="昆山市总工会")
    with pytest.raises(ValidationError) as error:
        former.full_clean()
    assert error.value.message_dict["name"] == [
        "“昆山市总工会”是另一个单位的现用名称。如果是同一个单位，请把那个单位合并到本单位。"
    ]
    UnitFormerName.objects.create(unit=wujiang, name="吴江市总工会")
    with pytest.raises(ValidationError) as error:
        UnitFormerName(unit=wujiang, name="吴江市总工会").full_clean()
    assert error.value.message_dict["name"] == ["“吴江市总工会”已是本单位的曾用名。"]


def test_a_unit_cannot_be_named_after_another_units_former_name(wujiang):
    UnitFormerName.objects.create(unit=wujiang, name="吴江市总工会")
    unit = Unit(name="吴江市总工会")
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert error.value.message_dict["name"] == [
        "“吴江市总工会”是吴江区总工会的曾用名，不能用作另一个单位的名称。"
    ]
    # The unit itself may keep using it (renamed back, say).
    wujiang.name = "吴江市总工会"
    wujiang.full_clean()


def test_an_editor_confirms_an_imported_unit(editor, db):
    unit = UnitFactory(name="吴江市总工会", needs_review=True)
    unit_confirm(actor=editor, unit=unit)
    unit.refresh_from_db()
    assert unit.needs_review is False
    event = UnitEvent.objects.get()
    assert (event.action, event.actor, event.unit) == (UnitEvent.Action.CONFIRMED, editor, unit)


def test_confirming_twice_is_refused(editor, db):
    unit = UnitFactory(name="吴江市总工会")
    before = state()
    with pytest.raises(UnitError) as error:
        unit_confirm(actor=editor, unit=unit)
    assert error.value.messages == ["吴江市总工会已经确认过了。"]
    assert state() == before


def test_only_editors_confirm(cast):
    unit = UnitFactory(name="吴江市总工会", needs_review=True)
    before = state()
    with pytest.raises(UnitError):
        unit_confirm(actor=cast.signer, unit=unit)
    assert state() == before


def test_a_name_added_by_someone_else_meanwhile_is_a_clear_error(editor, wujiang, monkeypatch):
    """Two editors add the same former name at once: the second gets the sentence, not a crash."""
    from contributors import services

    kunshan = UnitFactory(name="昆山市总工会")
    UnitFormerName.objects.create(unit=kunshan, name="吴江市总工会")
    real = services.former_name_problem
    calls = []

    def checked_before_the_other_saved(name, **kwargs):
        calls.append(name)
        return None if len(calls) == 1 else real(name, **kwargs)

    monkeypatch.setattr(services, "former_name_problem", checked_before_the_other_saved)
    before = state()
    with pytest.raises(UnitError) as error:
        unit_add_former_name(actor=editor, unit=wujiang, name="吴江市总工会")
    assert error.value.messages == ["“吴江市总工会”已是昆山市总工会的曾用名。"]
    assert state() == before
