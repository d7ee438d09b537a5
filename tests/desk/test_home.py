"""``/desk/``: each role lands where its day's work is, and the menu offers what the role may open."""

import pytest
from django.urls import reverse

HOME = reverse("desk:home")


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("correspondent_a", "desk:my_articles"),
        ("editor", "desk:review_queue"),
        ("signer", "desk:signoff_queue"),
    ],
)
def test_each_role_lands_on_its_work(client, db, request, who, landing):
    client.force_login(request.getfixturevalue(who))
    assert client.get(HOME)["Location"] == reverse(landing)


def test_readers_and_anonymous_visitors_do_not_use_the_desk(client, reader):
    assert client.get(HOME)["Location"].startswith(reverse("login"))
    client.force_login(reader)
    assert client.get(HOME).status_code == 403


def test_the_menu_offers_each_role_its_own_pages(client, correspondent_a, editor, signer):
    client.force_login(correspondent_a)
    menu = client.get(reverse("desk:my_articles")).content.decode()
    assert "我的稿件" in menu and "写稿" in menu and "待审" not in menu and "待签发" not in menu
    client.force_login(editor)
    menu = client.get(reverse("desk:review_queue")).content.decode()
    assert "待审" in menu and "期次" in menu and "待签发" not in menu and "我的稿件" not in menu
    client.force_login(signer)
    menu = client.get(reverse("desk:signoff_queue")).content.decode()
    assert "待签发" in menu and "待审" not in menu
