import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bulletin.models import Publication, Section


def test_it_seeds_the_four_default_sections_in_order(db):
    assert list(Section.objects.values_list("name", "layout")) == [
        ("工作动态", "standard"),
        ("创先争优", "standard"),
        ("立功竞赛", "standard"),
        ("工作简讯", "briefs"),
    ]


def test_it_seeds_the_default_publication(db):
    publication = Publication.objects.default()
    assert publication.title == "工会工作简报"
    assert publication.editing_unit == "苏州市总工会办公室"
    assert publication.is_default


def test_it_rejects_a_section_without_a_name(db):
    with pytest.raises(ValidationError) as error:
        Section(name="【】", slug="empty").full_clean()
    assert error.value.message_dict["name"] == ["栏目必须有名称。"]


def test_it_strips_brackets_from_a_section_name(db):
    section = Section(name="【基层风采】", slug="jiceng-fengcai")
    section.full_clean()
    assert section.name == "基层风采"


def test_it_rejects_a_duplicate_section_name(db):
    with pytest.raises(ValidationError) as error:
        Section(name="工作动态", slug="another").full_clean()
    assert error.value.message_dict["name"] == ["已有同名栏目。"]


def test_the_database_refuses_an_empty_section_name(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(name="", slug="nameless")
