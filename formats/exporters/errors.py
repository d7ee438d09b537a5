class ExportError(Exception):
    """An issue could not be exported; the message says why, in Chinese."""
