"""The one validated path for every image that enters the system (editor upload, Word import).

Each image is size-checked before decoding, identified by content (never by name), verified,
decoded with a pixel cap, and re-encoded from pixels: EXIF, GPS, comments and anything appended to
the file are gone. A reader copy at most ``DISPLAY_WIDTH`` pixels wide is made once.
"""

import io
import re
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import ArticleImage

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
DISPLAY_WIDTH = 1200

# Pillow format name → (file extension, save options)
FORMATS = {
    "JPEG": ("jpg", {"quality": 88, "optimize": True, "progressive": True}),
    "PNG": ("png", {"optimize": True}),
    "GIF": ("gif", {}),
    "WEBP": ("webp", {"quality": 85}),
}


class ImageRejected(ValidationError):
    """An upload that is not an acceptable image; the message says why, in Chinese."""


@dataclass(frozen=True)
class EncodedImage:
    data: bytes
    extension: str
    width: int
    height: int


def _looks_like_markup(head: bytes) -> bool:
    return bool(re.match(rb"\s*(<\?xml|<svg|<!doctype|<html|<)", head[:512].lower()))


def _open(data: bytes) -> Image.Image:
    """Identify and verify the image, then reopen it for decoding (verify() leaves it unusable)."""
    head = data[:512]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in FORMATS:
                raise ImageRejected(
                    _("Images must be JPEG, PNG, GIF or WebP; this file is %(format)s.")
                    % {"format": probe.format}
                )
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ImageRejected(
                    _(
                        "The image is %(width)d×%(height)d pixels; at most %(limit)d million pixels are allowed."
                    )
                    % {"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000}
                )
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(
            _("The image has too many pixels to be processed safely (more than %(limit)d million).")
            % {"limit": MAX_PIXELS // 1_000_000}
        ) from None
    except UnidentifiedImageError:
        if _looks_like_markup(head):
            raise ImageRejected(
                _(
                    "The file is text or markup (for example SVG or HTML), not a picture; SVG images are not accepted."
                )
            ) from None
        raise ImageRejected(
            _("The file is not a picture that can be read (JPEG, PNG, GIF or WebP).")
        ) from None
    except (OSError, SyntaxError, ValueError):
        # Pillow's own text ("Truncated File Read", "broken data stream") is English: not shown.
        raise ImageRejected(
            _("The image file is damaged or incomplete and cannot be read (JPEG, PNG, GIF or WebP).")
        ) from None
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    extension, options = FORMATS[fmt]
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif fmt in ("PNG", "WEBP") and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    elif fmt == "GIF" and image.mode not in ("P", "L"):
        image = image.convert("P", palette=Image.Palette.ADAPTIVE)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)  # no exif=, no icc: metadata is not carried over
    return buffer.getvalue()


def _too_large(size: int) -> ImageRejected:
    return ImageRejected(
        _("The image is %(size).1f MB; at most %(limit)d MB are allowed.")
        % {"size": size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
    )


def encode_image(data: bytes) -> tuple[EncodedImage, EncodedImage | None]:
    """Validate ``data`` and return the re-encoded image and, when it is wider than
    ``DISPLAY_WIDTH``, a reader copy. Raises ``ImageRejected`` with a Chinese message."""
    if not data:
        raise ImageRejected(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise _too_large(len(data))
    image = _open(data)
    fmt = image.format
    extension = FORMATS[fmt][0]
    if fmt != "GIF":
        image = ImageOps.exif_transpose(image)  # keep the orientation the camera meant, then drop EXIF
    full = EncodedImage(_encode(image, fmt), extension, image.width, image.height)
    display = None
    if image.width > DISPLAY_WIDTH:
        copy = image.copy()
        copy.thumbnail((DISPLAY_WIDTH, DISPLAY_WIDTH * 10), Image.Resampling.LANCZOS)
        display = EncodedImage(_encode(copy, fmt), extension, copy.width, copy.height)
    return full, display


def read_upload(upload) -> bytes:
    """Read an uploaded file without holding more than the limit in memory."""
    if getattr(upload, "size", 0) and upload.size > MAX_BYTES:
        raise _too_large(upload.size)
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImageRejected(
            _("The image is larger than %(limit)d MB.") % {"limit": MAX_BYTES // 1024 // 1024}
        )
    return data


def image_store(*, data: bytes, uploaded_by, original_name: str = "", article=None) -> ArticleImage:
    """Validate, re-encode and store an image; returns the saved ``ArticleImage``."""
    full, display = encode_image(data)
    record = ArticleImage(
        article=article,
        uploaded_by=uploaded_by,
        original_name=(original_name or "")[:255],
        size=len(full.data),
    )
    record.image.save(f"upload.{full.extension}", ContentFile(full.data), save=False)
    if display is not None:
        record.display.save(f"upload.{display.extension}", ContentFile(display.data), save=False)
    record.width, record.height = full.width, full.height
    try:
        with transaction.atomic():
            record.save()
    except Exception:
        # Leave no file behind for a row that was never written.
        record.image.delete(save=False)
        if display is not None:
            record.display.delete(save=False)
        raise
    return record


def image_url(record: ArticleImage) -> str:
    """The URL to put in an article body: the reader copy when there is one."""
    return (record.display or record.image).url
