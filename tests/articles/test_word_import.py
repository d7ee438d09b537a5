import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from docx.shared import Inches

from articles.models import Article, ArticleImage
from articles.word import WordRejected, docx_import
from tests.articles.imagefiles import EXE, image_bytes
from tests.factories import ArticleFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def make_docx(*, heading="吴江区总工会开展职工技能培训", with_image=True, bold_first=False) -> bytes:
    document = Document()
    if bold_first:
        document.add_paragraph().add_run(heading).bold = True
    else:
        document.add_heading(heading, level=1)
    paragraph = document.add_paragraph("近日，区总工会举办")
    paragraph.add_run("数控技能").bold = True
    paragraph.add_run("培训班，共有八十名职工参加。")
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate([("项目", "人数"), ("数控", "80")]):
        for col, text in enumerate(cells):
            table.cell(row, col).text = text
    if with_image:
        document.add_picture(io.BytesIO(image_bytes("PNG", size=(120, 80))), width=Inches(1))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_it_converts_heading_bold_table_and_image(db, editor):
    result = docx_import(data=make_docx(), uploaded_by=editor, want_title=True)
    assert result.title == "吴江区总工会开展职工技能培训"
    assert result.html.startswith("<p>近日，区总工会举办<strong>数控技能</strong>培训班")
    assert "<table>" in result.html and "<td><p>数控</p></td>" in result.html
    image = ArticleImage.objects.get()
    assert f'src="{image.image.url}"' in result.html
    assert "data:" not in result.html


def test_it_keeps_the_heading_in_the_body_when_a_title_exists(db, editor):
    result = docx_import(data=make_docx(), uploaded_by=editor, want_title=False)
    assert result.title == ""
    assert result.html.startswith("<h2>吴江区总工会开展职工技能培训</h2>")


def test_a_bold_first_line_becomes_the_title(db, editor):
    result = docx_import(
        data=make_docx(bold_first=True, with_image=False), uploaded_by=editor, want_title=True
    )
    assert result.title == "吴江区总工会开展职工技能培训"
    assert "吴江区总工会开展职工技能培训" not in result.html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "这是旧版 Word 文档（.doc）。请在 Word 或 WPS 中打开，另存为 .docx 后重新上传。",
        ),
        (EXE, "该文件是可执行程序，不是 Word 文档。"),
        (b"PK\x03\x04" + b"\x00" * 100, "Word 文件已损坏，无法打开。"),
        (zip_bytes({"hello.txt": b"hi"}), "该文件是压缩包，不是 Word 文档（.docx）。"),
        (
            zip_bytes({"word/document.xml": b"<w/>", "word/media/big.bin": b"\x00" * (300 * 1024 * 1024)}),
            "Word 文件解压后的数据量远超文件本身（疑似压缩炸弹），已拒绝。",
        ),
        (b"plain text pretending", "该文件不是 Word 文档（.docx）。"),
        (b"", "文件是空的。"),
    ],
    ids=["doc", "exe", "corrupt", "not-docx-zip", "zip-bomb", "text", "empty"],
)
def test_it_refuses_bad_files(db, editor, data, message):
    with pytest.raises(WordRejected) as error:
        docx_import(data=data, uploaded_by=editor)
    assert error.value.messages == [message]
    assert not ArticleImage.objects.exists()


def test_it_fills_an_empty_body_through_the_page(client, correspondent_a, unit_a):
    article = ArticleFactory(title="稿件标题", body="", units=[unit_a], author=correspondent_a)
    client.force_login(correspondent_a)
    url = reverse("articles:word_import", args=[article.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"docx": SimpleUploadedFile("稿件.docx", make_docx())})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "稿件标题"
    assert article.body.startswith("<h2>吴江区总工会开展职工技能培训</h2>")
    assert "<strong>数控技能</strong>" in article.body
    assert ArticleImage.objects.get().article == article


def test_it_starts_a_draft_from_word_with_the_heading_as_title(client, correspondent_a, unit_a):
    client.force_login(correspondent_a)
    url = reverse("articles:word_create")
    assert client.get(url).status_code == 200
    response = client.post(url, {"docx": SimpleUploadedFile("稿件.docx", make_docx())})
    article = Article.objects.get()
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert article.title == "吴江区总工会开展职工技能培训"
    assert article.status == Article.Status.DRAFT
    assert article.author == correspondent_a
    assert list(article.units.all()) == [unit_a]
    assert ArticleImage.objects.get().article == article


def test_a_rejected_file_starts_no_draft(client, correspondent_a):
    client.force_login(correspondent_a)
    response = client.post(reverse("articles:word_create"), {"docx": SimpleUploadedFile("x.docx", EXE)})
    assert response.status_code == 400
    assert not Article.objects.exists()


def test_readers_cannot_start_a_draft(client, reader):
    reader.is_staff = True
    reader.save()
    client.force_login(reader)
    assert client.get(reverse("articles:word_create")).status_code == 403


def test_it_asks_before_replacing_a_body(client, editor, unit_a):
    article = ArticleFactory(title="原标题", body="<p>原有正文</p>", units=[unit_a])
    client.force_login(editor)
    url = reverse("articles:word_import", args=[article.pk])
    response = client.post(url, {"docx": SimpleUploadedFile("a.docx", make_docx(with_image=False))})
    assert response.status_code == 200
    assert "稿件已有正文。导入后正文将替换为以下内容：" in response.content.decode()
    article.refresh_from_db()
    assert article.body == "<p>原有正文</p>"
    token = response.context["token"]
    response = client.post(url, {"confirm": "1", "token": "forged"})
    article.refresh_from_db()
    assert article.body == "<p>原有正文</p>"
    client.post(url, {"confirm": "1", "token": token})
    article.refresh_from_db()
    assert article.title == "原标题"
    assert article.body.startswith("<h2>吴江区总工会开展职工技能培训</h2>")


def test_a_bad_file_shows_the_reason_and_changes_nothing(client, editor, unit_a):
    article = ArticleFactory(title="原标题", body="<p>原有正文</p>", units=[unit_a])
    client.force_login(editor)
    response = client.post(
        reverse("articles:word_import", args=[article.pk]), {"docx": SimpleUploadedFile("a.docx", EXE)}
    )
    assert response.status_code == 400
    assert "该文件是可执行程序，不是 Word 文档。" in response.content.decode()
    article.refresh_from_db()
    assert article.body == "<p>原有正文</p>"


def test_another_units_article_is_not_found(client, correspondent_a, unit_b):
    article = ArticleFactory(units=[unit_b])
    client.force_login(correspondent_a)
    assert client.get(reverse("articles:word_import", args=[article.pk])).status_code == 404


def test_a_submitted_article_is_locked_for_its_correspondent(client, correspondent_a, unit_a):
    article = ArticleFactory(units=[unit_a], status="submitted")
    client.force_login(correspondent_a)
    assert client.get(reverse("articles:word_import", args=[article.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, db, unit_a):
    article = ArticleFactory(units=[unit_a])
    response = client.get(reverse("articles:word_import", args=[article.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
