"""The demo queue goes through the workflow: the returned article carries the editor's note."""

from io import StringIO

from django.core.management import call_command

from articles.models import Article, ArticleTransition
from articles.services import latest_return_note


def test_the_demo_queue_is_made_through_the_workflow(db, settings):
    settings.DEBUG = True
    call_command("loaddemo", stdout=StringIO())
    returned = Article.objects.get(status=Article.Status.RETURNED)
    assert returned.author.username == "zhangjiagang"
    assert [unit.name for unit in returned.units.all()] == ["张家港市总工会"]
    note = latest_return_note(returned)
    assert (note.actor.username, note.note) == (
        "editor",
        "请补充参加培训的企业数和职工人数，并写明培训时间。",
    )
    submitted = Article.objects.get(status=Article.Status.SUBMITTED)
    assert ArticleTransition.objects.filter(article=submitted, action="submit").exists()
    assert Article.objects.filter(status=Article.Status.DRAFT, author__username="taicang").count() == 1
    assert returned.revisions.count() == 1
