"""Pictures of an article body as the exporters read them: from our media storage only, never
failing the document. A picture that cannot be read (a source outside the media folder, a missing
or oversized file, a name the storage refuses) is logged and marked in its place."""

import logging

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from articles.media_source import media_name

logger = logging.getLogger(__name__)
MAX_IMAGE_BYTES = 20 * 1024 * 1024


def placeholder() -> str:
    return _("[picture could not be read]")


def read_picture(src: str | None) -> bytes | None:
    """The picture's bytes, or ``None`` (logged) when it cannot be read for any reason."""
    name = media_name(src)
    if name is None:
        logger.warning("Export: picture outside the media storage left out: %r", src)
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            data = handle.read(MAX_IMAGE_BYTES + 1)
    except Exception:  # noqa: BLE001 — SuspiciousFileOperation, OSError, storage errors alike
        logger.warning("Export: picture %r could not be read", src, exc_info=True)
        return None
    if len(data) > MAX_IMAGE_BYTES:
        logger.warning("Export: picture %r is larger than %d bytes, left out", src, MAX_IMAGE_BYTES)
        return None
    return data
