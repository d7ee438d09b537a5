"""Word import as a denial of service (issue 19, item 1) and library English in its errors (item 11):
each part is bounded by its declared size before anything is unpacked, the converted text by the
body limit, and every refusal is a Chinese sentence that names the limit or the problem."""

import functools
import io
import random
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Inches

from articles.models import Article, ArticleImage
from articles.text import MAX_BODY_TEXT
from articles.word import MAX_XML_PART_BYTES, WordRejected, docx_import, read_docx_upload, translate_message
from tests.articles.imagefiles import image_bytes
from tests.articles.test_word_import import make_docx
from tests.factories import ArticleFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def rebuilt(data: bytes, change, rename=None) -> bytes:
    """The .docx with each part passed through ``change(name, content)``; None leaves it out. Parts
    in ``rename`` are also kept under their new name."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            content = change(name, source.read(name))
            if content is not None:
                archive.writestr(name, content)
            if rename and name in rename:
                archive.writestr(rename[name], content)
    return buffer.getvalue()


CJK = [chr(code) for code in range(0x4E00, 0x9FA6)]


@functools.cache
def inflated_document(size: int) -> bytes:
    """A .docx whose word/document.xml unpacks to more than ``size`` bytes of text that compresses
    poorly (as the probe's 185 MB part did, ratio 9.4), so no zip-bomb ratio check catches it."""
    text = "".join(random.Random(19).choices(CJK, k=size // 3 + 1000))

    def change(name, content):
        if name != "word/document.xml":
            return content
        xml = content.decode()
        cut = xml.index("<w:body>") + len("<w:body>")
        return (xml[:cut] + f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" + xml[cut:]).encode()

    return rebuilt(make_docx(with_image=False), change)


def test_a_document_part_past_the_limit_is_refused_before_it_is_read(db, editor):
    data = inflated_document(MAX_XML_PART_BYTES + 1024 * 1024)
    started = time.monotonic()
    with pytest.raises(WordRejected) as error:
        docx_import(data=data, uploaded_by=editor)
    elapsed = time.monotonic() - started
    assert error.value.messages == [
        "Word 文件的文字部分解压后为 3.0 MB，一篇稿件最多允许 2 MB。请拆分文档，或清除粘贴带来的格式后重新保存。"
    ]
    assert elapsed < 0.5, f"the refusal took {elapsed:.2f} s"


def test_the_page_refuses_it_and_saves_nothing(client, correspondent_a, unit_a):
    article = ArticleFactory(title="稿件标题", body="", units=[unit_a], author=correspondent_a)
    data = inflated_document(MAX_XML_PART_BYTES + 1024 * 1024)
    client.force_login(correspondent_a)
    response = client.post(
        reverse("articles:word_import", args=[article.pk]), {"docx": SimpleUploadedFile("大.docx", data)}
    )
    assert response.status_code == 400
    assert "一篇稿件最多允许 2 MB。" in response.content.decode()
    article.refresh_from_db()
    assert article.body == ""
    assert article.version == 1
    assert not ArticleImage.objects.exists()


def test_a_large_document_starts_no_draft(client, correspondent_a):
    client.force_login(correspondent_a)
    data = inflated_document(MAX_XML_PART_BYTES + 1024 * 1024)
    response = client.post(reverse("articles:word_create"), {"docx": SimpleUploadedFile("大.docx", data)})
    assert response.status_code == 400
    assert not Article.objects.exists()


def test_a_part_named_as_a_picture_is_still_bounded_as_text(db, editor):
    # A relationship may point the main document at any name: what counts is the content.
    data = rebuilt(
        inflated_document(MAX_XML_PART_BYTES + 1024 * 1024),
        lambda name, content: content,
        rename={"word/document.xml": "word/media/image9.png"},
    )
    with pytest.raises(WordRejected) as error:
        docx_import(data=data, uploaded_by=editor)
    assert "一篇稿件最多允许 2 MB" in error.value.messages[0]


def test_text_past_the_body_limit_is_refused_and_its_pictures_deleted(db, editor, tmp_path):
    document = Document()
    document.add_picture(io.BytesIO(image_bytes("PNG", size=(120, 80))), width=Inches(1))
    for _ in range(MAX_BODY_TEXT // 1000 + 1):
        document.add_paragraph("职" * 1000)
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(WordRejected) as error:
        docx_import(data=buffer.getvalue(), uploaded_by=editor)
    assert error.value.messages == ["稿件正文共 51,050 个字符，最多允许 50,000 个。请拆分为几篇稿件。"]
    assert not ArticleImage.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_a_missing_part_is_named_in_chinese(db, editor):
    data = rebuilt(make_docx(), lambda name, content: None if name.startswith("word/media/") else content)
    with pytest.raises(WordRejected) as error:
        docx_import(data=data, uploaded_by=editor)
    assert error.value.messages == [
        "Word 文件不完整：文件引用了其中并不存在的部件“word/media/image1.png”。"
        "请在 Word 或 WPS 中打开，重新保存后上传新文件。"
    ]


def test_a_truncated_picture_is_left_out_with_a_chinese_reason(db, editor):
    data = rebuilt(
        make_docx(),
        lambda name, content: content[: len(content) // 2] if name.startswith("word/media/") else content,
    )
    result = docx_import(data=data, uploaded_by=editor)
    assert result.messages == [
        "文档中的一张图片未导入：图片文件已损坏或不完整，无法读取（支持 JPEG、PNG、GIF 或 WebP）。"
    ]
    assert "<img" not in result.html
    assert not ArticleImage.objects.exists()


def test_a_normal_document_with_a_picture_still_imports(db, editor):
    result = docx_import(data=make_docx(), uploaded_by=editor, want_title=True)
    assert result.title == "吴江区总工会开展职工技能培训"
    assert ArticleImage.objects.count() == 1


def test_an_upload_over_the_file_limit_is_refused_before_it_is_read():
    class Huge(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("the upload was read")

    upload = Huge("大.docx", b"PK\x03\x04")
    upload.size = 25 * 1024 * 1024
    with pytest.raises(WordRejected) as error:
        read_docx_upload(upload)
    assert error.value.messages == ["Word 文件为 25.0 MB，最多允许 20 MB。"]


def test_mammoths_warnings_come_in_chinese(db, editor):
    document = Document()
    document.styles.add_style("简报正文", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("近日，区总工会举办培训班。", style="简报正文")
    buffer = io.BytesIO()
    document.save(buffer)
    result = docx_import(data=buffer.getvalue(), uploaded_by=editor)
    assert result.messages == ["段落样式“简报正文”无法识别，已按普通段落处理。"]


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Unrecognised run style: 强调 (Style ID: a5)", "文字样式“强调”无法识别，已按普通文字处理。"),
        ("An unrecognised element was ignored: w:customXml", "Word 文档中有部分格式无法转换，已略去。"),
        (
            "Ignoring complex field end character without corresponding start character",
            "Word 文档中有部分格式无法转换，已略去。",
        ),
    ],
)
def test_no_english_from_mammoth_reaches_the_user(english, chinese):
    assert translate_message(english) == chinese
