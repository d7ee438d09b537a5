from django.urls import reverse
from django.utils import timezone

from bulletin.models import IssueTransition, Section
from tests.factories import ArticleFactory, IssueFactory


def test_the_issue_log_filters_by_unit(client, editor, unit_a, unit_b):
    with_a = IssueFactory(year=2026, number=1)
    with_b = IssueFactory(year=2026, number=2)
    section = Section.objects.first()
    for position, (issue, unit) in enumerate([(with_a, unit_a), (with_a, unit_a), (with_b, unit_b)]):
        ArticleFactory(
            status="accepted",
            issue=issue,
            section=section,
            position=position,
            units=[unit],
            accepted_at=timezone.now(),
        )
    for issue in (with_a, with_b):
        IssueTransition.objects.create(
            issue=issue, action="create", from_status="drafting", to_status="drafting", actor=editor
        )
    client.force_login(editor)
    url = reverse("admin:bulletin_issuetransition_changelist")
    response = client.get(url, {"issue__articles__units__id__exact": unit_a.pk})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(IssueTransition.objects.filter(issue=with_a))
