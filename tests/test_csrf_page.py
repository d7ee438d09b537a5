"""A form sent without its security token gets a Chinese page that says what to do."""

from django.test import Client
from django.urls import reverse


def test_a_form_without_its_token_gets_the_chinese_page(db, correspondent_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(correspondent_a)
    response = client.post(reverse("desk:article_create"), {"title": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "表单已过期" in html and "CSRF" not in html
