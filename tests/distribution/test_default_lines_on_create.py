from bulletin.services import issue_create
from distribution.models import IssueLine
from tests.factories import RecipientGroupFactory


def test_it_gives_a_new_issue_the_default_footer_lines(editor):
    from bulletin.models import Publication

    publication = Publication.objects.default()
    report = RecipientGroupFactory(name="省总工会", kind="report")
    distribute = RecipientGroupFactory(name="市有关领导", kind="distribute")
    RecipientGroupFactory(name="不是默认的对象", kind="distribute")
    report.default_for.add(publication)
    distribute.default_for.add(publication)
    issue = issue_create(actor=editor, publication=publication)
    lines = {line.kind: line.display_text for line in IssueLine.objects.filter(issue=issue)}
    assert lines == {"report": "省总工会", "distribute": "市有关领导"}
