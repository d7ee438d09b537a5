"""loaddemo adds one upward adoption and one instruction waiting for feedback, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from infowork.models import Instruction, UpwardAdoption
from infowork.selectors import instructions_waiting

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_loaddemo_records_an_adoption_and_a_waiting_instruction_once(debug_on):
    call_command("loaddemo", stdout=StringIO())
    adopted = UpwardAdoption.objects.get()
    assert adopted.article.units.get().name == "张家港市总工会" and adopted.recorded_by.username == "editor"
    waiting = instructions_waiting().get()
    assert waiting.article.units.get().name == "太仓市总工会" and waiting.level == "city"
    assert waiting.instructed_on >= waiting.article.published_at.date()
    call_command("loaddemo", stdout=StringIO())
    assert UpwardAdoption.objects.count() == 1 and Instruction.objects.count() == 1
