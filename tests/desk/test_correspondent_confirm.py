"""报送 and 撤回: the confirm page says what will happen and changes nothing; POST does it once."""

from articles.models import Article
from tests.desk.correspondent_helpers import article_in, draft_of, url


def test_it_tells_who_will_be_notified_and_changes_nothing(client, correspondent_a, editor, unit_a):
    article = draft_of(correspondent_a, unit_a)
    client.force_login(correspondent_a)
    page = client.get(url("article_submit", article.pk)).content.decode()
    name = editor.get_full_name() or editor.get_username()
    assert f"报送后，编辑部（{name}）会收到通知；报送期间不能修改。" in page
    assert ">报送</button>" in page
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not article.transitions.exists()


def test_it_submits_on_post_and_says_who_was_told(client, correspondent_a, editor, unit_a):
    article = draft_of(correspondent_a, unit_a)
    client.force_login(correspondent_a)
    response = client.post(url("article_submit", article.pk), follow=True)
    name = editor.get_full_name() or editor.get_username()
    assert f"稿件已报送，已通知编辑部（{name}）。" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED


def test_it_refuses_a_second_submit_with_the_reason(client, correspondent_a, unit_a):
    article = draft_of(correspondent_a, unit_a)
    client.force_login(correspondent_a)
    client.post(url("article_submit", article.pk))
    response = client.post(url("article_submit", article.pk), follow=True)
    assert response.status_code == 200
    assert "稿件处于“已报送”状态，不能“报送”。" in response.content.decode()
    assert article.transitions.filter(action="submit").count() == 1


def test_it_withdraws_on_post(client, correspondent_a, unit_a):
    article = article_in(unit_a, status=Article.Status.SUBMITTED)
    client.force_login(correspondent_a)
    page = client.get(url("article_withdraw", article.pk)).content.decode()
    assert ">撤回</button>" in page
    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED
    response = client.post(url("article_withdraw", article.pk), follow=True)
    assert "稿件已撤回，重新成为草稿；未通知任何人。" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_it_refuses_a_second_withdraw_with_the_reason(client, correspondent_a, unit_a):
    article = article_in(unit_a, status=Article.Status.SUBMITTED)
    client.force_login(correspondent_a)
    client.post(url("article_withdraw", article.pk))
    response = client.post(url("article_withdraw", article.pk), follow=True)
    assert response.status_code == 200
    assert "稿件处于“草稿”状态，不能“撤稿”。" in response.content.decode()
    assert article.transitions.filter(action="withdraw").count() == 1


def test_it_offers_no_button_when_the_state_rules_it_out(client, correspondent_a, unit_a):
    article = article_in(unit_a, status=Article.Status.SUBMITTED)
    client.force_login(correspondent_a)
    page = client.get(url("article_submit", article.pk)).content.decode()
    assert "</button>" not in page.split('class="confirm"')[1]
