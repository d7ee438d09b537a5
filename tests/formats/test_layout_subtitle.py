"""A subtitle line under a title (——记…, —记…, ──…) is kept as the article's subtitle. The Article model
has no subtitle field: it becomes the first line of the body, centred (``text-align-center``, a class
the editor, the text, Word and PDF exports already reproduce), never part of the title or of the text."""

import io
import json

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from articles.models import Article
from bulletin.document import issue_document
from bulletin.models import Issue
from formats.exporters import word
from tests.formats.bulletins import run_export, run_import
from tests.formats.layouts import layout, write

TITLE = "青石镇总工会组建职工志愿服务队"
TEXT = "　　青石镇总工会近日组建职工志愿服务队，首批四十名队员走进社区开展义务维修。（青石镇总工会）"


@pytest.mark.parametrize(
    "subtitle",
    [
        "——记青石镇总工会职工志愿服务队",
        "—记青石镇总工会职工志愿服务队",
        "──青石镇总工会职工志愿服务队纪实",
        "—— 记青石镇总工会职工志愿服务队",
        "－－记青石镇总工会职工志愿服务队",
    ],
)
def test_the_line_under_the_title_is_the_subtitle(db, tmp_path, subtitle):
    path = write(tmp_path, layout(article=f"{TITLE}\n{subtitle}\n\n{TEXT}"))
    out, _ = run_import(path, "--dry-run", "--format", "json")
    article = json.loads(out)["sections"][0]["articles"][0]
    assert (article["title"], article["subtitle"]) == (TITLE, subtitle)
    assert article["paragraphs"] == [TEXT.strip().removesuffix("（青石镇总工会）")]


def test_a_centred_subtitle_after_a_two_line_title(db, tmp_path):
    article = "青石镇总工会组建\n职工志愿服务队\n\n                ——记一支走进社区的队伍\n\n" + TEXT
    out, _ = run_import(write(tmp_path, layout(article=article)), "--dry-run", "--format", "json")
    parsed = json.loads(out)["sections"][0]["articles"][0]
    assert (parsed["title"], parsed["subtitle"]) == (TITLE, "——记一支走进社区的队伍")


def test_an_article_without_a_subtitle_has_none(db, tmp_path):
    out, _ = run_import(write(tmp_path, layout()), "--dry-run", "--format", "json")
    assert json.loads(out)["sections"][0]["articles"][0]["subtitle"] is None


def test_the_subtitle_is_stored_as_the_centred_first_line_of_the_body(db, tmp_path):
    run_import(write(tmp_path, layout(article=f"{TITLE}\n——记青石镇总工会职工志愿服务队\n\n{TEXT}")))
    article = Article.objects.get(title=TITLE)
    assert article.body.startswith(
        '<p class="text-align-center">——记青石镇总工会职工志愿服务队</p>\n<p>青石镇总工会近日'
    )
    assert article.byline == "青石镇总工会"


def test_the_exports_reproduce_the_subtitle_under_the_title(db, tmp_path):
    run_import(write(tmp_path, layout(article=f"{TITLE}\n——记青石镇总工会职工志愿服务队\n\n{TEXT}")))
    text = run_export("2016-7", "--format", "txt")
    assert f"{TITLE}\n\n　　——记青石镇总工会职工志愿服务队\n　　青石镇总工会近日" in text
    document = docx.Document(io.BytesIO(word.render(issue_document(Issue.objects.get()))))
    subtitle = next(p for p in document.paragraphs if p.text == "——记青石镇总工会职工志愿服务队")
    assert subtitle.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_the_subtitle_survives_export_and_import_again(db, tmp_path):
    run_import(write(tmp_path, layout(article=f"{TITLE}\n——记青石镇总工会职工志愿服务队\n\n{TEXT}")))
    before = Article.objects.get(title=TITLE).body
    exported = write(tmp_path, run_export("2016-7", "--format", "txt"), name="exported.txt")
    run_import(exported, "--replace")
    assert Article.objects.get(title=TITLE).body == before


def test_a_dash_line_further_down_the_body_is_text(db, tmp_path):
    article = (
        f"{TITLE}\n\n{TEXT.removesuffix('（青石镇总工会）')}\n——队员们说，这是应该做的。（青石镇总工会）"
    )
    out, _ = run_import(write(tmp_path, layout(article=article)), "--dry-run", "--format", "json")
    parsed = json.loads(out)["sections"][0]["articles"][0]
    assert parsed["subtitle"] is None
    assert parsed["paragraphs"][-1] == "——队员们说，这是应该做的。"
