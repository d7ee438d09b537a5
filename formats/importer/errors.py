"""The one error an import raises: what went wrong, and on which line of the file."""

from django.utils.translation import gettext as _


class BulletinImportError(Exception):
    """A problem that stops one file from importing. ``message`` is already translated."""

    def __init__(self, *, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message

    def describe(self, *, source: str) -> str:
        if self.line is None:
            return _("%(file)s: %(message)s") % {"file": source, "message": self.message}
        return _("%(file)s, line %(line)s: %(message)s") % {
            "file": source,
            "line": self.line,
            "message": self.message,
        }
