"""The desk at /desk/ (names in the ``desk`` namespace), and the adoption statistics pages at their
old addresses (/stats/…, names without a namespace: they are contracts)."""

from django.urls import include, path

from .views import compose, correspondent, editor, home, roster, scoring, signer
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
