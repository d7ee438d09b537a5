"""Mail backends that fail, for the delivery failure tests."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class BouncingBackend(LocmemBackend):
    """Refuses every address with "bounce" in it, as a mail server refusing a recipient would."""

    def send_messages(self, messages):
        for message in messages:
            refused = [address for address in message.to if "bounce" in address]
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"mailbox unavailable")))
        return super().send_messages(messages)


class DownBackend(LocmemBackend):
    """A mail server that cannot be reached."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")
