"""The e-mail of a delivery: the issue's title, its table of contents and the personal reading link,
as text and HTML. No images and nothing that reports back: a read is only ever recorded when the
person opens the issue page."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from articles.notifications import absolute_url
from bulletin.document import issue_document
from bulletin.models import Visibility

from . import tokens
from .models import Delivery
from .sending import deliveries_claim, deliveries_record

logger = logging.getLogger(__name__)

TEMPLATE = "issue_delivery"


class IssueMail:
    """What every e-mail of one issue shares, rendered once (the table of contents)."""

    def __init__(self, issue):
        self.document = issue_document(issue)
        self.issue = self.document.issue
        context = {"document": self.document, "issue": self.issue}
        self.toc_text = render_to_string(f"emails/{TEMPLATE}_toc.txt", context)
        self.toc_html = mark_safe(render_to_string(f"emails/{TEMPLATE}_toc.html", context))  # noqa: S308
        self.subject = " ".join(
            render_to_string(
                f"emails/{TEMPLATE}_subject.txt", {"issue": self.issue, "publication": self.issue.publication}
            ).split()
        )

    def message(self, delivery: Delivery) -> EmailMultiAlternatives:
        context = {
            "issue": self.issue,
            "publication": self.issue.publication,
            "internal": self.issue.visibility == Visibility.INTERNAL,
            "recipient_name": delivery.display_name,
            "delivery": delivery,
            "toc_text": self.toc_text,
            "toc_html": self.toc_html,
            "link": absolute_url(tokens.reading_path(delivery)),
            "expires": timezone.localdate(tokens.expires_at()),
        }
        text = render_to_string(f"emails/{TEMPLATE}_body.txt", context)
        html = render_to_string(f"emails/{TEMPLATE}_body.html", context)
        message = EmailMultiAlternatives(self.subject, text, settings.DEFAULT_FROM_EMAIL, [delivery.email])
        message.attach_alternative(html, "text/html")
        return message


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}".strip()


def send_deliveries(delivery_ids: list[int]) -> int:
    """Send the queued deliveries among ``delivery_ids``, one message each over one connection, and
    record every outcome. A failure of one address does not stop the others. Returns how many went."""
    rows = deliveries_claim(delivery_ids)
    if not rows:
        return 0
    sent, failed = [], []
    with translation.override(settings.LANGUAGE_CODE):
        mails: dict[int, IssueMail] = {}
        mailer = mailers.default
        try:
            mailer.open()
        except Exception as error:  # the server is down: every message of the batch failed this time
            logger.warning("Could not connect to the mail server: %s", error)
            deliveries_record([], [(delivery, describe(error)) for delivery in rows])
            return 0
        try:
            for delivery in rows:
                try:
                    if delivery.issue_id not in mails:
                        mails[delivery.issue_id] = IssueMail(delivery.issue)
                    if mailer.send_messages([mails[delivery.issue_id].message(delivery)]):
                        sent.append(delivery)
                    else:
                        failed.append((delivery, "The mail server did not accept the message."))
                except Exception as error:
                    logger.warning("Delivery %s to %s failed: %s", delivery.pk, delivery.email, error)
                    failed.append((delivery, describe(error)))
        finally:
            try:
                mailer.close()
            except Exception:
                logger.exception("Could not close the mail connection")
    deliveries_record(sent, failed)
    return len(sent)
