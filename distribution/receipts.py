"""Recording reads: only real page views of the issue count, from a personal reading link or from a
logged-in reader opening ``/issues/<year>/<number>/``. No tracking pixels, nothing in the e-mail that
reports back; HEAD requests, browser prefetches and known link scanners are not reads."""

import logging
import re

from django.db.models import F, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from bulletin.models import Issue, Publication

from .models import Delivery

logger = logging.getLogger(__name__)

# Programs that fetch links in e-mails or chats without a person reading: mail security scanners,
# link previewers, crawlers, command-line clients.
NOT_A_READER = re.compile(
    r"bot\b|bot/|crawler|spider|slurp|scanner|safelinks|proofpoint|mimecast|barracuda|"
    r"linkpreview|facebookexternalhit|embedly|curl/|wget/|python-requests|python-urllib|go-http-client",
    re.IGNORECASE,
)


def is_real_view(request) -> bool:
    """A person looking at the page: a GET that is not a prefetch or a preview, not from a bot."""
    if request.method != "GET":
        return False
    purpose = " ".join(
        request.headers.get(name, "") for name in ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
    ).lower()
    if "prefetch" in purpose or "preview" in purpose:
        return False
    return not NOT_A_READER.search(request.headers.get("User-Agent", ""))


def _read_update(when):
    return {
        "first_read_at": Coalesce(F("first_read_at"), when),
        "last_read_at": when,
        "read_count": F("read_count") + 1,
    }


def record_link_read(request, delivery) -> bool:
    """A page view through ``delivery``'s personal link. One UPDATE."""
    if not is_real_view(request):
        return False
    Delivery.objects.filter(pk=delivery.pk).update(**_read_update(timezone.now()))
    return True


def record_member_read(request, *, year: int, number: int) -> int:
    """A logged-in reader opened ``/issues/<year>/<number>/`` of the default publication: record the
    read on their delivery of that issue, if they have one (one UPDATE; nothing for anonymous
    visitors). Called by the reader's issue view before its page cache answers, so cached pages count
    too. Never raises: a read that cannot be recorded must not cost the reader the page."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False) or not is_real_view(request):
        return 0
    try:
        match = Q(user=user)
        email = (getattr(user, "email", "") or "").strip().lower()
        if email:
            match |= Q(user__isnull=True, email=email)
        default_publication = Subquery(Publication.objects.order_by("-is_default", "pk").values("pk")[:1])
        return (
            Delivery.objects.filter(match)
            .filter(
                issue__year=year,
                issue__number=number,
                issue__status=Issue.Status.PUBLISHED,
                issue__publication=default_publication,
            )
            .update(**_read_update(timezone.now()))
        )
    except Exception:
        logger.exception("Could not record a read of %s/%s", year, number)
        return 0
