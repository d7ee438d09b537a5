"""Every desk page speaks Chinese: render each page (and its error states) for each role that may open
it, take the text a person sees, and fail on any run of Latin letters outside a short allowlist."""

import re
from html.parser import HTMLParser

import pytest

from tests.desk.page_tour import build, open_page, pages

# Words a Chinese office worker reads as they are: file formats, programs, keys, the date hint.
ALLOWED = {"PDF", "Word", "Excel", "CSV", "YYYY-MM-DD", "Ctrl", "Ctrl+P", "A4"}
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9'’+\-]*")
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# What the browser draws from the markup without text of ours: the CKEditor's own toolbar is built
# by its script from the hidden config, so it is judged in the browser, not here.
# A <textarea> holds what the user wrote (the article's HTML, under the editor), not words of ours.
HIDDEN_TAGS = {"script", "style", "template", "noscript", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The text nodes outside <script>/<style>, the shown attributes, and the labels of buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in HIDDEN_TAGS:
            self.hidden += 1
            return
        if self.hidden:
            return
        for name in SHOWN_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in HIDDEN_TAGS:
            self.hidden -= 1

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.parts


def english_words(html: str, allowed: set[str]) -> list[str]:
    return [word for word, _text in english_in_context(html, allowed)]


def english_in_context(html: str, allowed: set[str]) -> list[tuple[str, str]]:
    """Each English word with the text it was found in (shortened), for the failure message."""
    found = []
    for text in visible_text(html):
        for word in LATIN.findall(text):
            if word not in allowed and word.strip("-'’") not in allowed:
                found.append((word, " ".join(text.split())[:80]))
    return found


@pytest.fixture
def tour(cast, unit_a):
    return build(correspondent=cast.correspondent_a, editor=cast.editor, signer=cast.signer, unit=unit_a)


def test_the_parser_takes_what_a_person_sees():
    html = (
        "<title>Hidden title</title><script>var English = 1;</script><style>.a{color:red}</style>"
        '<p title="提示 Tip">正文<b>Bold</b></p><input type="submit" value="Save">'
        '<input type="text" value="typed by user" placeholder="Search"><img alt="Logo" src="x.png">'
        '<div data-config="{&quot;toolbar&quot;: 1}" aria-label="Menu">菜单</div>'
    )
    words = english_words(html, set())
    assert words == ["Hidden", "title", "Tip", "Bold", "Save", "Search", "Logo", "Menu"]


def test_every_desk_page_is_in_chinese(client, cast, tour):
    # The names the test itself gave the cast (shown as “who is logged in”), and the issue labels.
    allowed = ALLOWED | {user.get_username() for user in vars(cast).values() if hasattr(user, "get_username")}
    users = {"correspondent": cast.correspondent_a, "editor": cast.editor, "signer": cast.signer}
    failures = []
    checked = 0
    for page in pages(tour):
        client.force_login(users[page.role])
        response = open_page(client, page)
        if response.status_code != page.status:
            failures.append(f"{page}: status {response.status_code}, expected {page.status}")
        if response.status_code in (301, 302):
            continue
        found = english_in_context(response.content.decode(), allowed)
        checked += 1
        if found:
            words = sorted({word for word, _text in found})
            examples = sorted({text for _word, text in found})[:5]
            failures.append(f"{page}: {words} in {examples}")
    assert checked > 60
    assert not failures, "English on desk pages:\n" + "\n".join(failures)
