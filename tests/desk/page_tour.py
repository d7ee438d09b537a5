"""Every desk page, for every role that may open it: one set of data in every state, and the list of
pages (GET) with the user who opens them. Shared by the Chinese-only test and the browser
accessibility test, so both walk the same pages."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from articles import services as article_services
from articles.models import Article
from bulletin.models import Issue
from bulletin.services import issue_publish, issue_send_for_signoff, issue_sign
from contributors.models import UnitFormerName
from infowork.services import (
    commission_answer,
    commission_cancel,
    commission_create,
    commissions_mark_overdue,
    correspondent_set,
)
from infowork.stats import office_today
from tests.desk.records_tour import build_records, records_pages
from tests.factories import ArticleFactory, UnitFactory
from tests.workflow_helpers import article_in, issue_in

S = Article.Status
I = Issue.Status  # noqa: E741


@dataclass
class Page:
    role: str  # the attribute of the cast that opens it: correspondent, editor or signer
    name: str  # a short name, for messages and screenshots
    url: str
    status: int = 200
    method: str = "get"
    data: dict = field(default_factory=dict)

    def __str__(self):
        return f"{self.name} ({self.role}, {self.method.upper()} {self.url})"


def desk(name, *args, query=""):
    url = reverse(f"desk:{name}", args=args)
    return f"{url}?{query}" if query else url


def build(*, correspondent, editor, signer, unit):
    """The data of the tour: an article of ``unit`` in each state, a drafting issue with placed and
    waiting articles, and issues waiting for sign-off, signed off and published."""
    body = "<p>11月20日，全市职工技能大赛开幕。</p><p>大赛设数控车工、电工等8个项目。</p>"

    def written(title):
        return article_services.article_create(actor=correspondent, title=title, body=body, units=[unit])

    draft = written("职工技能比武")
    # Saved once more by the editor, so an edit from version 1 is a conflict (409).
    draft = article_services.article_update(
        article=draft, actor=editor, data={"title": "职工技能比武圆满落幕"}, base_version=1
    )
    submitted = article_services.article_submit(
        article=written("基层工会开展送温暖活动"), actor=correspondent
    )
    returned = article_services.article_submit(article=written("工会干部培训班开班"), actor=correspondent)
    article_services.article_comment(article=returned, actor=editor, text="请补充参训人数。", paragraph=1)
    returned = article_services.article_return(article=returned, actor=editor, note="请补充参训人数。")
    rejected = article_services.article_submit(article=written("一篇重复的稿件"), actor=correspondent)
    rejected = article_services.article_reject(article=rejected, actor=editor, note="与上期内容重复。")

    drafting = issue_in(I.DRAFTING)
    placed = article_in(S.ACCEPTED, unit, author=correspondent, issue=drafting, title="劳模工匠进企业")
    waiting = ArticleFactory(
        status=S.ACCEPTED,
        accepted_at=timezone.now(),
        units=[unit],
        author=correspondent,
        title="女职工权益保护宣传周启动",
    )
    published_article = article_in(S.PUBLISHED, unit, author=correspondent, title="市总工会召开全委会")

    def sent(number):
        issue = issue_in(I.DRAFTING, number=number)
        article_in(S.ACCEPTED, unit, issue=issue, section_name="工作简讯", title=f"第{number}期的稿件")
        return issue_send_for_signoff(issue=issue, actor=editor, note="请审阅")

    pending = sent(41)
    signed = issue_sign(
        issue=sent(42), actor=signer, publish_at=timezone.now() + datetime.timedelta(days=2), note="同意"
    )
    published = issue_publish(issue=issue_sign(issue=sent(43), actor=signer), actor=signer)
    # The unit list: a renamed unit with a former name, and one an import created under an old name.
    renamed = UnitFactory(name="吴江区总工会")
    UnitFormerName.objects.create(unit=renamed, name="吴江县总工会", until_year=1992, note="撤县设市")
    fresh = UnitFactory(name="吴江市总工会", needs_review=True)

    # 约稿: one running with an answer, one overdue, one cancelled.
    commission = commission_create(
        actor=editor,
        title="职工书屋建设经验",
        brief="请介绍职工书屋的建设和使用情况，一千字以内。",
        deadline=office_today() + datetime.timedelta(days=10),
        units=[unit],
    )
    commission_answer(actor=correspondent, commission=commission, article=draft)
    overdue = commission_create(
        actor=editor, title="夏季送清凉活动", brief="请报送活动情况。", deadline=office_today(), units=[unit]
    )
    commissions_mark_overdue(today=office_today() + datetime.timedelta(days=1))
    cancelled = commission_create(
        actor=editor, title="已取消的约稿", brief="不再需要。", deadline=office_today(), units=[unit]
    )
    commission_cancel(actor=editor, commission=cancelled, note="上级通知暂停")
    records = build_records(published_article=published_article, editor=editor, correspondent=correspondent)
    # Information work, points part: the unit's correspondent (信息员).
    named = correspondent_set(actor=editor, staff=correspondent.staff, phone="13800001111")
    return {
        **records,
        "renamed": renamed,
        "fresh": fresh,
        "commission": commission,
        "overdue": overdue,
        "cancelled": cancelled,
        "named_correspondent": named,
        "unit": unit,
        "draft": draft,
        "submitted": submitted,
        "returned": returned,
        "rejected": rejected,
        "placed": placed,
        "waiting": waiting,
        "published_article": published_article,
        "drafting": drafting,
        "pending": pending,
        "signed": signed,
        "published": published,
    }


def pages(data) -> list[Page]:
    """The tour: every page of the desk with the role that opens it, and the error states."""
    draft, submitted, returned, rejected = (data[k] for k in ("draft", "submitted", "returned", "rejected"))
    placed, published_article = data["placed"], data["published_article"]
    drafting, pending, signed, published = (data[k] for k in ("drafting", "pending", "signed", "published"))
    unit, fresh, renamed = data["unit"], data["fresh"], data["renamed"]
    tour = [
        Page("correspondent", "desk-home", desk("home"), 302),
        Page("correspondent", "my-articles", desk("my_articles")),
        *(
            Page("correspondent", f"my-articles-{state}", desk("my_articles", query=f"status={state}"))
            for state in S.values
        ),
        Page("correspondent", "write", desk("article_create")),
        *(
            Page("correspondent", f"article-{article.status}", desk("article_detail", article.pk))
            for article in (draft, returned, submitted, placed, published_article, rejected)
        ),
        Page("correspondent", "edit-draft", desk("article_edit", draft.pk)),
        Page("correspondent", "edit-returned", desk("article_edit", returned.pk)),
        Page("correspondent", "submit-confirm", desk("article_submit", draft.pk)),
        Page("correspondent", "submit-confirm-returned", desk("article_submit", returned.pk)),
        Page("correspondent", "withdraw-confirm", desk("article_withdraw", submitted.pk)),
        Page("correspondent", "withdraw-refused", desk("article_withdraw", draft.pk)),
        # The error states: a form with bad input, a stale edit (409), a repeated step.
        Page(
            "correspondent", "write-bad-input", desk("article_create"), 400, "post", {"title": "", "body": ""}
        ),
        Page(
            "correspondent",
            "edit-conflict",
            desk("article_edit", draft.pk),
            409,
            "post",
            {"title": "改过的标题", "body": "<p>改过的正文。</p>", "base_version": "1"},
        ),
        Page("correspondent", "submit-repeated", desk("article_submit", submitted.pk), 200, "post-follow"),
        # The editor writes too.
        Page("editor", "editor-write", desk("article_create")),
        Page("editor", "editor-article", desk("article_detail", submitted.pk)),
        Page("editor", "editor-edit", desk("article_edit", submitted.pk)),
        # 待审 and the review page
        Page("editor", "review-queue", desk("review_queue")),
        Page("editor", "review-queue-search", desk("review_queue", query="q=温暖")),
        Page("editor", "review-queue-unit", desk("review_queue", query=f"unit={unit.pk}")),
        Page("editor", "review-queue-dates", desk("review_queue", query="from=2026-01-01&to=2026-12-31")),
        Page("editor", "review-queue-nothing", desk("review_queue", query="q=没有这篇")),
        Page("editor", "review-queue-bad-dates", desk("review_queue", query="from=2026-13-01&to=abc"), 400),
        Page("editor", "review", desk("review", submitted.pk)),
        Page("editor", "review-rejected", desk("review", rejected.pk)),
        Page("editor", "review-placed", desk("review", placed.pk)),
        *(
            Page("editor", f"review-{action}", desk("review_action", submitted.pk, action))
            for action in ("accept", "return", "reject")
        ),
        Page("editor", "review-reopen", desk("review_action", rejected.pk, "reopen")),
        Page("editor", "review-return-no-note", desk("review_action", submitted.pk, "return"), 400, "post"),
        Page("editor", "review-accept-repeated", desk("review_action", placed.pk, "accept"), 409, "post"),
        Page(
            "editor",
            "review-comment-empty",
            desk("review_comment", submitted.pk),
            400,
            "post",
            {"text": "", "paragraph": "1"},
        ),
        # The issues and the compose page
        Page("editor", "issue-list", desk("issue_list")),
        *(
            Page("editor", f"issue-list-{state}", desk("issue_list", query=f"status={state}"))
            for state in I.values
        ),
        Page("editor", "compose", desk("compose", drafting.pk)),
        Page("editor", "compose-search", desk("compose", drafting.pk, query="q=女职工")),
        Page("editor", "compose-pending", desk("compose", pending.pk)),
        Page("editor", "send-for-signoff", desk("compose_step", drafting.pk, "send_for_signoff")),
        Page("editor", "take-back", desk("compose_step", pending.pk, "take_back")),
        Page("editor", "take-back-refused", desk("compose_step", drafting.pk, "take_back")),
        Page(
            "editor",
            "masthead-bad-input",
            desk("compose_masthead", drafting.pk),
            400,
            "post",
            {
                "number": "-1",
                "total_number": "x",
                "issue_date": "2026-13-45",
                "copies": "abc",
                "visibility": "?",
            },
        ),
        Page(
            "editor",
            "send-for-signoff-repeated",
            desk("compose_step", pending.pk, "send_for_signoff"),
            409,
            "post",
        ),
        Page("editor", "editor-issue-pending", desk("issue_detail", pending.pk)),
        Page("editor", "editor-issue-published", desk("issue_detail", published.pk)),
        # 待签发 and the signer's pages
        Page("signer", "signoff-queue", desk("signoff_queue")),
        *(
            Page("signer", f"issue-{issue.status}", desk("issue_detail", issue.pk))
            for issue in (drafting, pending, signed, published)
        ),
        Page("signer", "sign", desk("issue_action", pending.pk, "sign")),
        Page("signer", "signer-take-back", desk("issue_action", pending.pk, "take_back")),
        Page("signer", "publish", desk("issue_action", signed.pk, "publish")),
        Page("signer", "reschedule", desk("issue_action", signed.pk, "reschedule")),
        Page("signer", "signer-take-back-signed", desk("issue_action", signed.pk, "take_back")),
        Page("signer", "recall", desk("issue_action", published.pk, "recall")),
        Page("signer", "publish-refused", desk("issue_action", pending.pk, "publish")),
        Page("signer", "reschedule-refused", desk("issue_action", pending.pk, "reschedule")),
        Page(
            "signer",
            "sign-bad-time",
            desk("issue_action", pending.pk, "sign"),
            400,
            "post",
            {"publish_at": "明天"},
        ),
        Page(
            "signer",
            "sign-past-time",
            desk("issue_action", pending.pk, "sign"),
            400,
            "post",
            {"publish_at": "2020-01-01T09:00"},
        ),
        Page(
            "signer", "signer-take-back-no-note", desk("issue_action", pending.pk, "take_back"), 400, "post"
        ),
        Page("signer", "recall-no-reason", desk("issue_action", published.pk, "recall"), 400, "post"),
        Page("signer", "publish-repeated", desk("issue_action", published.pk, "publish"), 409, "post"),
        # The statistics pages (the admin's look), for each role
        *(
            Page(role, f"stats-{role}", reverse("stats"), 200)
            for role in ("correspondent", "editor", "signer")
        ),
        Page("editor", "stats-range", reverse("stats") + "?from=2026-01-01&to=2026-12-31"),
        Page("editor", "stats-bad-range", reverse("stats") + "?from=2026-13-01&to=x", 400),
        Page("editor", "stats-notice", reverse("stats_notice")),
        # The unit list (单位), 新建待核对, and confirming, naming and merging units
        Page("editor", "unit-list", desk("unit_list")),
        Page("editor", "unit-list-search", desk("unit_list", query="q=吴江县")),
        Page("editor", "unit-list-nothing", desk("unit_list", query="q=没有这个单位")),
        Page("editor", "unit-review", desk("unit_review")),
        Page("editor", "unit-detail-new", desk("unit_detail", fresh.pk)),
        Page("editor", "unit-detail-renamed", desk("unit_detail", renamed.pk)),
        Page("editor", "unit-confirm", desk("unit_confirm", fresh.pk)),
        Page("editor", "unit-confirm-refused", desk("unit_confirm", renamed.pk), 409),
        Page("editor", "unit-former-name", desk("unit_former_name", renamed.pk)),
        Page(
            "editor",
            "unit-former-name-taken",
            desk("unit_former_name", renamed.pk),
            400,
            "post",
            {"name": "吴江市总工会", "until_year": "二〇一二"},
        ),
        Page("editor", "unit-merge", desk("unit_merge", fresh.pk)),
        Page("editor", "unit-merge-search", desk("unit_merge", fresh.pk, query="q=吴")),
        Page("editor", "unit-merge-confirm", desk("unit_merge_confirm", fresh.pk, renamed.pk)),
        Page("editor", "unit-merge-itself", desk("unit_merge_confirm", fresh.pk, fresh.pk), 409),
        Page(
            "editor",
            "unit-merge-bad-note",
            desk("unit_merge_confirm", fresh.pk, renamed.pk),
            400,
            "post",
            {"note": "长" * 201},
        ),
        # 约稿
        *(
            Page(role, f"commission-list-{role}", desk("commission_list"))
            for role in ("correspondent", "editor")
        ),
        *(
            Page("editor", f"commission-list-{state}", desk("commission_list", query=f"status={state}"))
            for state in ("open", "overdue", "closed", "cancelled")
        ),
        Page("editor", "commission-new", desk("commission_create")),
        Page(
            "editor",
            "commission-new-bad-input",
            desk("commission_create"),
            400,
            "post",
            {"title": "", "brief": "", "deadline": "2020-01-01", "units": []},
        ),
        *(
            Page(role, f"commission-{role}-{name}", desk("commission_detail", data[name].pk))
            for role in ("correspondent", "editor")
            for name in ("commission", "overdue", "cancelled")
        ),
        Page("editor", "commission-remind", desk("commission_remind", data["overdue"].pk)),
        Page("editor", "commission-remind-refused", desk("commission_remind", data["cancelled"].pk)),
        Page("editor", "commission-close", desk("commission_end", data["commission"].pk, "close")),
        Page("editor", "commission-cancel", desk("commission_end", data["commission"].pk, "cancel")),
        Page(
            "editor",
            "commission-cancel-no-note",
            desk("commission_end", data["commission"].pk, "cancel"),
            400,
            "post",
        ),
        Page("editor", "commission-cancel-refused", desk("commission_end", data["cancelled"].pk, "cancel")),
        Page(
            "correspondent",
            "write-for-commission",
            desk("article_create", query=f"commission={data['commission'].pk}"),
        ),
        *records_pages(data, Page),
        # Information work, points part: 信息员, 积分规则与稿费标准
        Page("editor", "correspondents", desk("correspondent_list")),
        Page("signer", "signer-correspondents", desk("correspondent_list")),
        Page("editor", "correspondent-name", desk("correspondent_name", unit.pk)),
        Page("editor", "correspondent-name-empty", desk("correspondent_name", unit.pk), 400, "post"),
        Page("editor", "correspondent-change", desk("correspondent_edit", data["named_correspondent"].pk)),
        Page("editor", "correspondent-end", desk("correspondent_end", data["named_correspondent"].pk)),
        Page("editor", "scoring", desk("scoring")),
        Page("editor", "scoring-bad-input", desk("scoring"), 400, "post", {"points_1": "-1"}),
        Page(
            "editor",
            "pay-bad-input",
            desk("scoring_pay"),
            400,
            "post",
            {"year": "明年", "yuan_per_point": "-1"},
        ),
    ]
    return tour


def open_page(client, page: Page):
    if page.method == "get":
        return client.get(page.url)
    if page.method == "post-follow":
        return client.post(page.url, page.data, follow=True)
    return client.post(page.url, page.data)
