"""Which ``<img src>`` values name a picture in our own media storage, and under what name.

One answer for the sanitiser (which drops every other picture) and the exporters (which read the
picture through the storage). A source is ours when it starts with the media URL and the rest is a
plain relative name that the storage resolves inside its root: no ``..`` or ``.`` segments, no empty
segment (``/media//etc/passwd``), no backslash or NUL, no scheme-relative ``//host`` or foreign host.
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage


def media_prefixes() -> tuple[str, ...]:
    """The URL prefixes our media is served under: ``/media/`` and, for object storage, its base."""
    prefixes = ["/" + settings.MEDIA_URL.strip("/") + "/"]
    if "://" in settings.MEDIA_URL:
        prefixes = [settings.MEDIA_URL.rstrip("/") + "/"]
    return tuple(prefixes)


def media_name(src: str | None) -> str | None:
    """The storage name of ``src`` when it is a picture of our own media, else ``None``."""
    if not src:
        return None
    src = src.strip()
    if src.startswith("//"):
        return None
    for prefix in media_prefixes():
        if src.startswith(prefix):
            rest = src[len(prefix) :]
            break
    else:
        return None
    path = urlsplit(rest).path if "://" in prefix else rest.split("?", 1)[0].split("#", 1)[0]
    name = unquote(path)
    if not name or name.startswith("/") or "\\" in name or "\x00" in name or ":" in name:
        return None
    if any(part in ("", ".", "..") for part in name.split("/")):
        return None
    try:
        default_storage.path(name)  # FileSystemStorage refuses a name outside MEDIA_ROOT
    except NotImplementedError:
        pass  # object storage: the name checks above are what keeps it inside the bucket
    except (SuspiciousFileOperation, ValueError):
        return None
    return name
