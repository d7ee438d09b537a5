"""The desk at /desk/ (names in the ``desk`` namespace), and the adoption statistics pages at their
old addresses (/stats/…, names without a namespace: they are contracts)."""

from django.urls import include, path

from .views import commissions, compose, correspondent, editor, home, records, roster, scoring, signer, units
from .views import points as points_views
from .views import stats as stats_views

desk_patterns = [
    path("", home.home, name="home"),
    # The correspondent: 我的稿件, 写稿, the article's page, 报送 and 撤回
    path("articles/", correspondent.my_articles, name="my_articles"),
    path("articles/new/", correspondent.article_create, name="article_create"),
    path("articles/<int:pk>/", correspondent.article_detail, name="article_detail"),
    path("articles/<int:pk>/edit/", correspondent.article_edit, name="article_edit"),
    path("articles/<int:pk>/submit/", correspondent.article_submit, name="article_submit"),
    path("articles/<int:pk>/withdraw/", correspondent.article_withdraw, name="article_withdraw"),
    path("articles/word/", correspondent.article_word_create, name="article_word_create"),
    path("articles/<int:pk>/word/", correspondent.article_word_import, name="article_word_import"),
    # The editor: 待审 and the review page
    path("review/", editor.review_queue, name="review_queue"),
    path("review/<int:pk>/", editor.review, name="review"),
    path("review/<int:pk>/comment/", editor.review_comment, name="review_comment"),
    path("review/<int:pk>/<slug:action>/", editor.review_action, name="review_action"),
    # The editor: the issues and the compose page (组版)
    path("issues/", compose.issue_list, name="issue_list"),
    path("issues/new/", compose.issue_create_next, name="issue_create_next"),
    path("issues/<int:pk>/compose/", compose.compose, name="compose"),
    path("issues/<int:pk>/compose/place/", compose.compose_place, name="compose_place"),
    path("issues/<int:pk>/compose/move/", compose.compose_move, name="compose_move"),
    path("issues/<int:pk>/compose/remove/", compose.compose_remove, name="compose_remove"),
    path("issues/<int:pk>/compose/masthead/", compose.compose_masthead, name="compose_masthead"),
    path("issues/<int:pk>/compose/footer/<slug:kind>/", compose.compose_footer, name="compose_footer"),
    path("issues/<int:pk>/compose/<slug:action>/", compose.compose_step, name="compose_step"),
    # The signer: 待签发, the issue as it will print, 签发 / 退回编辑 / 发布 / 撤回发布 / a new time
    path("signoff/", signer.signoff_queue, name="signoff_queue"),
    path("issues/<int:pk>/", signer.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/<slug:action>/", signer.issue_action, name="issue_action"),
    # The editor: the unit list, 新建待核对, and confirming, naming and merging units
    path("units/", units.unit_list, name="unit_list"),
    path("units/review/", units.unit_review, name="unit_review"),
    path("units/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("units/<int:pk>/confirm/", units.unit_confirm_view, name="unit_confirm"),
    path("units/<int:pk>/former-name/", units.unit_former_name, name="unit_former_name"),
    path("units/<int:pk>/merge/", units.unit_merge_choose, name="unit_merge"),
    path("units/<int:pk>/merge/<int:target_pk>/", units.unit_merge_confirm, name="unit_merge_confirm"),
    # 约稿: the list, 新建约稿, a commission's page, 催报, 结束 / 取消
    path("commissions/", commissions.commission_list, name="commission_list"),
    path("commissions/new/", commissions.commission_create, name="commission_create"),
    path("commissions/<int:pk>/", commissions.commission_detail, name="commission_detail"),
    path("commissions/<int:pk>/remind/", commissions.commission_remind, name="commission_remind"),
    path("commissions/<int:pk>/<slug:action>/", commissions.commission_end, name="commission_end"),
    # 上级采用 and 领导批示: record on a published article, delete, the lists, 反馈落实情况
    path("articles/<int:pk>/adoptions/new/", records.adoption_create, name="review_adoption"),
    path("articles/<int:pk>/instructions/new/", records.instruction_create, name="review_instruction"),
    path("adoptions/", records.adoption_list, name="adoption_list"),
    path("adoptions/<int:pk>/delete/", records.adoption_delete, name="adoption_delete"),
    path("instructions/", records.instruction_list, name="instruction_list"),
    path("instructions/<int:pk>/delete/", records.instruction_delete, name="instruction_delete"),
    path("instructions/<int:pk>/feedback/", records.instruction_feedback, name="instruction_feedback"),
    path("unit-instructions/", records.unit_instructions, name="unit_instructions"),
    # Information work, points part: 信息员 and 积分规则与稿费标准
    path("correspondents/", roster.correspondent_list, name="correspondent_list"),
    path("correspondents/units/<int:unit_pk>/new/", roster.correspondent_name, name="correspondent_name"),
    path("correspondents/<int:pk>/change/", roster.correspondent_edit, name="correspondent_edit"),
    path("correspondents/<int:pk>/end/", roster.correspondent_stop, name="correspondent_end"),
    path("scoring/", scoring.scoring, name="scoring"),
    path("scoring/pay/", scoring.pay_rate, name="scoring_pay"),
]

urlpatterns = [
    path("desk/", include((desk_patterns, "desk"))),
    path("stats/", stats_views.stats_page, name="stats"),
    path("stats.csv", stats_views.stats_csv, name="stats_csv"),
    path("stats.xlsx", stats_views.stats_xlsx, name="stats_xlsx"),
    path("stats/notice/", stats_views.stats_notice, name="stats_notice"),
    path("stats/notice.pdf", stats_views.stats_notice_pdf, name="stats_notice_pdf"),
    path("stats/points.csv", points_views.points_csv, name="stats_points_csv"),
    path("stats/points.xlsx", points_views.points_xlsx, name="stats_points_xlsx"),
]
