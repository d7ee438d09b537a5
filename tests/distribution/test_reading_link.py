"""The personal reading link opens the issue without a password, even an internal one, records the
read, and stops working when it expires or is withdrawn; a tampered link opens nothing. The error
pages say what is wrong and how to get a new link, and nothing about the issue."""

import time

import pytest
from django.core import signing

from distribution import tokens
from distribution.models import Delivery
from distribution.services import delivery_resend, delivery_revoke
from reader import cache as reader_cache

from .conftest import delivery_mails, distribute, link_in, path_of

ARTICLE = "内部情况通报"


@pytest.fixture
def delivered(internal_issue, publish, leaders):
    distribute(internal_issue, leaders)
    publish(internal_issue)
    message = next(m for m in delivery_mails() if m.to == ["wangjp@city.example.org"])
    return Delivery.objects.get(email="wangjp@city.example.org"), path_of(link_in(message))


def assert_private(response):
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "public" not in cache_control
    assert response["Referrer-Policy"] == "no-referrer"


def assert_leaks_nothing(response, issue):
    content = response.content.decode()
    assert ARTICLE not in content
    assert issue.label not in content
    assert "王建平" not in content


def test_it_opens_an_internal_issue_without_a_password_and_records_the_read(client, delivered):
    delivery, path = delivered
    response = client.get(path)
    assert response.status_code == 200
    content = response.content.decode()
    assert ARTICLE in content
    assert "王建平专用" in content
    assert_private(response)
    delivery.refresh_from_db()
    assert delivery.first_read_at is not None
    assert delivery.last_read_at == delivery.first_read_at
    assert delivery.read_count == 1


def test_a_second_read_moves_the_last_read_only(client, delivered):
    delivery, path = delivered
    client.get(path)
    delivery.refresh_from_db()
    first = delivery.first_read_at
    client.get(path)
    delivery.refresh_from_db()
    assert delivery.first_read_at == first
    assert delivery.last_read_at >= first
    assert delivery.read_count == 2


def test_an_internal_issue_read_without_login_has_no_links_to_pages_that_need_one(client, delivered):
    _delivery, path = delivered
    content = client.get(path).content.decode()
    assert "/articles/" not in content
    assert ".pdf" not in content


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Barracuda Sentinel (EE))"},
        {"HTTP_USER_AGENT": "Microsoft Office SafeLinks scanner"},
        {"HTTP_USER_AGENT": "curl/8.5.0"},
    ],
)
def test_prefetches_and_link_scanners_are_not_reads(client, delivered, headers):
    delivery, path = delivered
    assert client.get(path, **headers).status_code == 200
    delivery.refresh_from_db()
    assert delivery.first_read_at is None and delivery.read_count == 0


def test_a_head_request_is_not_a_read(client, delivered):
    delivery, path = delivered
    client.head(path)
    delivery.refresh_from_db()
    assert delivery.read_count == 0


def test_it_never_goes_into_the_page_cache(client, delivered, monkeypatch):
    _delivery, path = delivered

    def refuse(*args, **kwargs):
        raise AssertionError("a personal page was offered to the shared cache")

    monkeypatch.setattr(reader_cache, "set_entry", refuse)
    assert client.get(path).status_code == 200


def test_an_expired_link_says_so_and_how_to_get_a_new_one(
    client, delivered, settings, monkeypatch, internal_issue
):
    delivery, path = delivered
    settings.READING_LINK_MAX_AGE_DAYS = 30
    later = time.time() + 31 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = client.get(path)

    assert response.status_code == 410
    content = response.content.decode()
    assert "阅读链接已过期" in content
    assert "回复发送此链接的邮件" in content
    assert_leaks_nothing(response, internal_issue)
    assert_private(response)
    delivery.refresh_from_db()
    assert delivery.read_count == 0


def test_a_link_within_its_lifetime_works(client, delivered, settings, monkeypatch):
    _delivery, path = delivered
    settings.READING_LINK_MAX_AGE_DAYS = 30
    later = time.time() + 29 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(path).status_code == 200


def test_a_withdrawn_link_stops_working(client, delivered, editor, internal_issue):
    delivery, path = delivered
    assert delivery_revoke(deliveries=[delivery], actor=editor) == 1

    response = client.get(path)

    assert response.status_code == 410
    assert "阅读链接已被收回" in response.content.decode()
    assert_leaks_nothing(response, internal_issue)


def test_re_sending_a_withdrawn_link_gives_a_new_one_and_the_old_stays_dead(
    client, delivered, editor, committed
):
    delivery, old_path = delivered
    delivery_revoke(deliveries=[delivery], actor=editor)
    committed(delivery_resend, deliveries=[delivery], actor=editor)

    new_path = path_of(link_in(delivery_mails()[-1]))

    assert new_path != old_path
    assert client.get(old_path).status_code == 410
    assert client.get(new_path).status_code == 200


def test_withdrawing_one_link_leaves_the_others_working(client, delivered, editor):
    delivery, _path = delivered
    other = Delivery.objects.get(email="lixy@city.example.org")
    delivery_revoke(deliveries=[delivery], actor=editor)
    assert client.get(tokens.reading_path(other)).status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: token.replace(token.split(".", 1)[0], str(int(token.split(".", 1)[0]) + 1), 1),  # id
        lambda token: token[: len(token) // 2],  # cut off
        lambda token: "nonsense",
    ],
)
def test_a_tampered_link_opens_nothing(client, delivered, tamper, internal_issue):
    delivery, path = delivered
    token = path.split("/")[2]
    response = client.get(f"/r/{tamper(token)}/")
    assert response.status_code == 403
    assert "阅读链接无效" in response.content.decode()
    assert_leaks_nothing(response, internal_issue)
    delivery.refresh_from_db()
    assert delivery.read_count == 0


def test_a_token_signed_for_something_else_is_refused(client, delivered):
    delivery, _path = delivered
    foreign = signing.TimestampSigner(salt="other.purpose").sign(f"{delivery.pk}.{delivery.link_nonce}")
    assert client.get(f"/r/{foreign}/").status_code == 403


def test_a_link_to_a_recalled_issue_shows_nothing_of_it(client, delivered, recall, internal_issue):
    _delivery, path = delivered
    recall(internal_issue)
    response = client.get(path)
    assert response.status_code == 404
    assert "本期简报暂时无法阅读" in response.content.decode()
    assert_leaks_nothing(response, internal_issue)
