"""The development mailer: one line per mail on the console (to whom, the subject), not the whole
base64 MIME message. ``OPTIONS={"full": True}`` (or ``EMAIL_URL=console://``) prints whole messages."""

from django.core.mail.backends.console import EmailBackend
from django.utils.translation import gettext as _


class SummaryConsoleBackend(EmailBackend):
    def __init__(self, *args, full=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.full = full

    def write_message(self, message):
        if self.full:
            return super().write_message(message)
        recipients = ", ".join(message.recipients())
        self.stream.write(
            _("Mail (not sent, development) to %(recipients)s: %(subject)s")
            % {"recipients": recipients, "subject": message.subject}
            + "\n"
        )
