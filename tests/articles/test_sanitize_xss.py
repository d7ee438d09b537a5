"""The allowlist against XSS vectors grouped by the OWASP filter-evasion categories, and the
formatting a bulletin needs surviving untouched."""

import pytest

from articles.sanitize import sanitize_html

VECTORS = {
    # script elements, in all spellings
    "script": "<script>alert(1)</script>",
    "script-case": "<ScRiPt>alert(1)</sCrIpT>",
    "script-split": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "script-src": '<script src="//evil.example/x.js"></script>',
    # event handlers
    "img-onerror": '<img src="x" onerror="alert(1)">',
    "body-onload": '<body onload="alert(1)">',
    "p-onmouseover": '<p onmouseover="alert(1)">hover</p>',
    "svg-onload": '<svg onload="alert(1)"></svg>',
    "details-ontoggle": '<details open ontoggle="alert(1)">',
    "a-onclick-upper": '<a href="/" ONCLICK="alert(1)">x</a>',
    # javascript: / data: / vbscript: URLs with entity and case tricks
    "js-url": '<a href="javascript:alert(1)">x</a>',
    "js-url-case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "js-url-entities": '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    "js-url-hex": '<a href="&#x6A;avascript:alert(1)">x</a>',
    "js-url-tab": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "js-url-newline": '<a href="jav\nascript:alert(1)">x</a>',
    "js-url-leading-space": '<a href=" javascript:alert(1)">x</a>',
    "data-url-html": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "data-url-img": '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "img-js-src": '<img src="javascript:alert(1)">',
    # namespace confusion
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "math-confusion": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "svg-foreignobject": '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
    "noscript-confusion": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    # frames, objects, forms
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object": '<object data="javascript:alert(1)"></object>',
    "embed": '<embed src="javascript:alert(1)">',
    "form": '<form action="https://evil.example/"><input name="p"><button>go</button></form>',
    # meta refresh, base href, link, style
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base-href": '<base href="https://evil.example/">',
    "link-stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "style-element": "<style>body{background:url(javascript:alert(1))}</style>",
    "style-attr-url": '<p style="background:url(javascript:alert(1))">x</p>',
    "style-expression": '<p style="width:expression(alert(1))">x</p>',
    "style-import": "<style>@import 'https://evil.example/x.css';</style>",
    # odd markup
    "comment-conditional": "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    "unclosed-attr": '<img src="x" alt="y onerror=alert(1)//',
    "template": "<template><script>alert(1)</script></template>",
    "class-injection": '<p class="text-align-center ck-evil" id="x" data-x="1">ok</p>',
}

FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "ontoggle",
    "javascript:",
    "vbscript:",
    "data:",
    "<iframe",
    "<object",
    "<embed",
    "<form",
    "<input",
    "<meta",
    "<base",
    "<link",
    "<style",
    "style=",
    "expression(",
    "<svg",
    "<math",
    "srcdoc",
    "<template",
    "id=",
    "data-x",
]


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_it_neutralises(name):
    cleaned = sanitize_html(VECTORS[name]).lower()
    for marker in FORBIDDEN:
        assert marker not in cleaned, f"{name}: {marker!r} survived in {cleaned!r}"


def test_it_keeps_bulletin_formatting():
    html = (
        '<h2 class="text-align-center">标题</h2><p class="text-align-justify">正文<strong>加粗</strong>'
        "<em>斜体</em><u>下划线</u></p><ul><li>一</li></ul><ol><li>二</li></ol>"
        "<blockquote><p>引文</p></blockquote>"
        '<figure class="table"><table><thead><tr><th colspan="2">表头</th></tr></thead>'
        "<tbody><tr><td>甲</td><td>乙</td></tr></tbody></table></figure>"
        '<figure class="image"><img src="/media/articles/2026/11/a.jpg" alt="图"><figcaption>说明</figcaption></figure>'
    )
    assert sanitize_html(html) == html


def test_it_marks_links_noopener_and_keeps_safe_schemes():
    assert sanitize_html('<a href="https://example.org/">x</a>') == (
        '<a href="https://example.org/" rel="noopener noreferrer">x</a>'
    )
    assert 'href="mailto:a@example.org"' in sanitize_html('<a href="mailto:a@example.org">x</a>')
    assert 'href="/issues/2026/1/"' in sanitize_html('<a href="/issues/2026/1/">x</a>')


def test_it_keeps_the_text_of_dropped_elements():
    assert sanitize_html("<div><span style='color:red'>职工</span></div>") == "职工"
