"""Personal reading links: ``/r/<token>/``, where the token is the delivery's id and its link key,
signed with a timestamp (``django.core.signing``).

- The signature is salted, so a token made for anything else in the project is never accepted here.
- It expires ``READING_LINK_MAX_AGE_DAYS`` days (default 60) after it was issued; re-sending the link
  issues a fresh one.
- It is revocable per delivery: the link key (``Delivery.link_nonce``) must match the stored one, and
  ``Delivery.link_revoked_at`` must be empty. A new key makes every earlier link of that person for
  that issue dead at once.
- It follows the person's access: it opens nothing once their account is deactivated or they are no
  longer an active member of a group on the issue's footer lines (``selectors.delivery_entitled``).
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

SALT = "distribution.reading-link"
DEFAULT_MAX_AGE_DAYS = 60


def max_age() -> datetime.timedelta:
    return datetime.timedelta(days=getattr(settings, "READING_LINK_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS))


def new_nonce() -> str:
    return get_random_string(16)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def make_token(delivery) -> str:
    return _signer().sign(f"{delivery.pk}.{delivery.link_nonce}")


def reading_path(delivery) -> str:
    return reverse("distribution:reading_link", kwargs={"token": make_token(delivery)})


def expires_at(issued: datetime.datetime | None = None) -> datetime.datetime:
    return (issued or timezone.now()) + max_age()


class LinkProblem(StrEnum):
    INVALID = "invalid"  # tampered, truncated, or not one of ours
    EXPIRED = "expired"
    REVOKED = "revoked"  # withdrawn, replaced by a newer link, or the delivery is gone
    UNAVAILABLE = "unavailable"  # the issue is not published (recalled)
    NOT_ENTITLED = "not_entitled"  # the account is deactivated, or the person left the issue's groups


@dataclass
class LinkCheck:
    delivery: object | None = None
    problem: LinkProblem | None = None


def check_token(token: str) -> LinkCheck:
    """The delivery a token opens, or what is wrong with it. Two queries for a well-signed token: the
    delivery, and whether its person is still entitled to it (checked at every opening, not only when
    the link was sent)."""
    from .models import Delivery
    from .selectors import delivery_entitled

    try:
        value = _signer().unsign(token, max_age=max_age())
    except signing.SignatureExpired:
        return LinkCheck(problem=LinkProblem.EXPIRED)
    except signing.BadSignature:
        return LinkCheck(problem=LinkProblem.INVALID)
    pk, _dot, nonce = value.partition(".")
    if not pk.isdigit() or not nonce:
        return LinkCheck(problem=LinkProblem.INVALID)
    delivery = (
        Delivery.objects.select_related("issue__publication", "user")
        .filter(pk=int(pk), link_nonce=nonce)
        .first()
    )
    if delivery is None or delivery.link_revoked_at is not None:
        return LinkCheck(problem=LinkProblem.REVOKED)
    if not delivery_entitled(delivery):
        return LinkCheck(problem=LinkProblem.NOT_ENTITLED)
    if not delivery.issue.is_published:
        return LinkCheck(problem=LinkProblem.UNAVAILABLE)
    return LinkCheck(delivery=delivery)
