"""Paragraphs stored as <p class="text-align-center"> (a subtitle such as ——记… kept by the importer,
or a line the editor centred) are centred, without the paragraph indent, on the reader page and on
the desk: the rule exists in both stylesheets and outweighs the body paragraphs' rule."""

import re
from pathlib import Path

import pytest
from django.conf import settings

RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def rules(stylesheet: str) -> list[tuple[list[str], dict[str, str]]]:
    css = re.sub(
        r"/\*.*?\*/", "", (Path(settings.BASE_DIR) / "static/css" / stylesheet).read_text(), flags=re.S
    )
    found = []
    for selectors, body in RULE.findall(css):
        declarations = {
            name.strip(): value.strip()
            for name, _, value in (part.partition(":") for part in body.split(";"))
            if value.strip()
        }
        found.append(([selector.strip() for selector in selectors.split(",")], declarations))
    return found


def specificity(selector: str) -> tuple[int, int, int]:
    classes = len(re.findall(r"[.:\[]", selector))
    elements = len(re.findall(r"(?:^|[\s>+~])[a-z][a-z0-9]*", selector))
    return (selector.count("#"), classes, elements)


@pytest.mark.parametrize(
    "stylesheet, paragraphs", [("reader.css", ".article-body p"), ("desk.css", ".paper .article-body p")]
)
def test_a_centred_paragraph_is_centred_and_not_indented(stylesheet, paragraphs):
    found = rules(stylesheet)
    body = next(declarations for selectors, declarations in found if paragraphs in selectors)
    assert body["text-indent"] == "2em"
    centred = [
        (selector, declarations)
        for selectors, declarations in found
        for selector in selectors
        if selector.endswith(".text-align-center") and specificity(selector) > specificity(paragraphs)
    ]
    assert centred, f"{stylesheet} has no .text-align-center rule stronger than {paragraphs}"
    for _selector, declarations in centred:
        assert declarations["text-align"] == "center"
        assert declarations["text-indent"] == "0"
