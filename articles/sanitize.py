"""HTML sanitising for every stored HTML field: one allowlist, applied on every save.

The allowlist matches what the article editor (CKEditor 5, configured in settings) and the Word
import (mammoth) produce. Anything else — scripts, event handlers, inline styles, iframes, forms,
foreign URL schemes (javascript:, data:, vbscript:) — is dropped; links get
``rel="noopener noreferrer"``. Pictures are kept only from our own media (``articles.media_source``):
an ``<img>`` whose ``src`` points elsewhere (``https://…``, ``//…``, ``/media//etc/passwd``,
``/media/../x``) is dropped whole, so no body can hold a tracking pixel or send an exporter outside
the media folder.
"""

import re

import nh3

from .media_source import media_name

# fmt: off
ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "sub", "sup",
    "h2", "h3", "ul", "ol", "li", "blockquote", "a",
    "figure", "figcaption", "img",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
}
ALIGNMENT = {"text-align-left", "text-align-center", "text-align-right", "text-align-justify"}
ALLOWED_CLASSES = {
    "p": ALIGNMENT,
    "h2": ALIGNMENT,
    "h3": ALIGNMENT,
    "figure": {"image", "table", "image-style-block-align-left", "image-style-block-align-right",
               "image-style-align-center"},
    "img": {"image_resized"},
}
# fmt: on
URL_SCHEMES = {"http", "https", "mailto"}
IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value.strip() if media_name(value) is not None else None
    return value


def sanitize_html(html: str | None) -> str:
    """Return ``html`` reduced to the allowlist. Relative URLs are kept; comments are dropped."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_keep_attribute,
    )
    return IMG_WITHOUT_SRC.sub("", cleaned).strip()
