"""The sanitiser keeps only pictures from our own media (issue 19, item 3)."""

import pytest

from articles.sanitize import sanitize_html

HOSTILE_SOURCES = [
    "/media//etc/passwd",
    "/media/../x",
    "/media/articles/../../settings.py",
    "/media/%2e%2e/%2e%2e/etc/passwd",
    "/media/./a.png",
    "/media/a%00.png",
    "/media/a\\..\\b.png",
    "https://evil.example/track.png",
    "http://evil.example/track.png",
    "//evil.example/track.png",
    "/static/admin/img/icon.svg",
    "track.png",
    "",
]


@pytest.mark.parametrize("src", HOSTILE_SOURCES)
def test_it_drops_a_picture_from_outside_our_media(src):
    html = f'<p>前<img src="{src}" alt="图">后</p><figure class="image"><img src="{src}"></figure>'
    assert sanitize_html(html) == '<p>前后</p><figure class="image"></figure>'


def test_it_keeps_a_picture_from_our_media():
    html = '<figure class="image"><img src="/media/articles/2026/11/a.jpg" alt="图"></figure>'
    assert sanitize_html(html) == html
