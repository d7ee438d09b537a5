"""Who is mailed at each step, with what subject and link; mail goes only after commit."""

import pytest
from django.core import mail

from articles.models import Article
from articles.services import (
    WorkflowError,
    article_accept,
    article_reject,
    article_return,
    article_submit,
    article_withdraw,
)
from bulletin.models import Issue
from bulletin.services import issue_publish, issue_recall, issue_send_for_signoff
from tests.factories import StaffFactory, UnitFactory, UserFactory
from tests.workflow_helpers import article_in, issue_in

S = Article.Status


@pytest.fixture
def mailed(django_capture_on_commit_callbacks):
    """Run a step and return the messages it sent after commit, sorted by recipient."""

    def run(step, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            step(**kwargs)
        return sorted(mail.outbox, key=lambda message: message.to)

    return run


@pytest.fixture
def colleague(unit_a):
    """A second correspondent of unit A."""
    return StaffFactory(user__username="corr_a2", user__role="correspondent", unit=unit_a).user


def recipients(messages):
    return [address for message in messages for address in message.to]


def test_a_submission_mails_the_editors(mailed, cast, unit_a):
    second_editor = StaffFactory(user__username="editor2", user__role="editor").user
    article = article_in(S.DRAFT, unit_a, author=cast.correspondent_a, title="镇工会开展技能培训")
    messages = mailed(article_submit, article=article, actor=cast.correspondent_a)
    assert recipients(messages) == sorted([cast.editor.email, second_editor.email])
    message = messages[0]
    assert message.subject == "新来稿：《镇工会开展技能培训》"
    assert f"/admin/articles/article/{article.pk}/change/" in message.body
    html = message.alternatives[0]
    assert html.mimetype == "text/html" and f"/admin/articles/article/{article.pk}/change/" in html.content


@pytest.mark.parametrize(
    ("step", "subject"),
    [
        (article_return, "稿件退回修改：《{title}》"),
        (article_reject, "稿件不予采用：《{title}》"),
        (article_accept, "稿件已采用：《{title}》"),
    ],
)
def test_decisions_mail_the_author_and_the_units_correspondents(
    mailed, cast, unit_a, colleague, step, subject
):
    article = article_in(S.SUBMITTED, unit_a, author=cast.correspondent_a)
    messages = mailed(step, article=article, actor=cast.editor, note="请核实数字。")
    assert recipients(messages) == sorted([cast.correspondent_a.email, colleague.email])
    assert {message.subject for message in messages} == {subject.format(title=article.title)}
    assert cast.correspondent_b.email not in recipients(messages)
    if step is not article_accept:
        assert all("请核实数字。" in message.body for message in messages)


def test_the_county_union_hears_about_its_town_unions_articles(mailed, cast, unit_a):
    town = UnitFactory(name="甲镇总工会", parent=unit_a)
    town_correspondent = StaffFactory(user__username="town", user__role="correspondent", unit=town).user
    article = article_in(S.SUBMITTED, town, author=town_correspondent)
    messages = mailed(article_return, article=article, actor=cast.editor, note="补充图片")
    assert recipients(messages) == sorted([cast.correspondent_a.email, town_correspondent.email])


def test_nobody_is_left_out_when_a_later_step_bounces_the_article_back(mailed, cast, unit_a, unit_b):
    """The author moved to another unit, and a colleague of the original unit resubmitted: both
    still hear when the accepted article is bounced back."""
    article = article_in(S.DRAFT, unit_a, author=cast.correspondent_a)
    resubmitter = StaffFactory(user__username="corr_a3", user__role="correspondent", unit=unit_a).user
    article_submit(article=article, actor=resubmitter)
    resubmitter.staff.unit = unit_b
    resubmitter.staff.save()
    article_accept(article=article, actor=cast.editor)
    messages = mailed(article_return, article=article, actor=cast.signer, note="撤下重写")
    assert recipients(messages) == sorted([cast.correspondent_a.email, resubmitter.email])


def test_the_actor_and_unreachable_people_are_not_mailed(mailed, cast, unit_a):
    silent = StaffFactory(
        user__username="noemail", user__role="correspondent", unit=unit_a, user__email=""
    ).user
    gone = StaffFactory(
        user__username="gone", user__role="correspondent", unit=unit_a, user__is_active=False
    ).user
    article = article_in(S.SUBMITTED, unit_a, author=cast.correspondent_a)
    messages = mailed(article_withdraw, article=article, actor=cast.correspondent_a)
    assert messages == []
    messages = mailed(article_accept, article=article_in(S.SUBMITTED, unit_a), actor=cast.editor)
    assert silent.email not in recipients(messages) and gone.email not in recipients(messages)


def test_sending_for_signoff_mails_the_signers(mailed, cast, unit_a):
    issue = issue_in(Issue.Status.DRAFTING)
    article_in(S.ACCEPTED, unit_a, issue=issue)
    messages = mailed(issue_send_for_signoff, issue=issue, actor=cast.editor)
    assert recipients(messages) == [cast.signer.email]
    assert messages[0].subject == f"待您签发：{issue.label}"
    assert f"/admin/bulletin/issue/{issue.pk}/compose/" in messages[0].body


def test_publishing_mails_each_author_with_the_reader_link(mailed, cast, unit_a, unit_b):
    issue = issue_in(Issue.Status.SIGNED)
    a = article_in(S.ACCEPTED, unit_a, issue=issue, author=cast.correspondent_a)
    b = article_in(S.ACCEPTED, unit_b, issue=issue, author=cast.correspondent_b)
    messages = mailed(issue_publish, issue=issue, actor=cast.signer)
    assert recipients(messages) == sorted([cast.correspondent_a.email, cast.correspondent_b.email])
    by_address = {message.to[0]: message for message in messages}
    assert by_address[cast.correspondent_a.email].subject == f"稿件已在{issue.label}发布：《{a.title}》"
    assert f"/articles/{a.pk}/" in by_address[cast.correspondent_a.email].body
    assert f"/articles/{b.pk}/" in by_address[cast.correspondent_b.email].body


def test_a_recall_tells_the_authors_why(mailed, cast, unit_a):
    issue = issue_in(Issue.Status.PUBLISHED)
    article = article_in(S.PUBLISHED, unit_a, issue=issue, author=cast.correspondent_a)
    messages = mailed(issue_recall, issue=issue, actor=cast.signer, reason="文中数据有误")
    assert recipients(messages) == [cast.correspondent_a.email]
    assert article.title in messages[0].subject and "文中数据有误" in messages[0].body


def test_nothing_is_mailed_when_the_step_fails(mailed, cast, unit_a):
    article = article_in(S.DRAFT, unit_a)
    with pytest.raises(WorkflowError):
        mailed(article_accept, article=article, actor=cast.editor)
    assert mail.outbox == []


def test_mail_waits_for_the_commit(cast, unit_a):
    article = article_in(S.DRAFT, unit_a, author=cast.correspondent_a)
    UserFactory(username="editor3", role="editor")
    article_submit(article=article, actor=cast.correspondent_a)  # the test's transaction never commits
    assert mail.outbox == []
