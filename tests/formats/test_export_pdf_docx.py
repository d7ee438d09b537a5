"""PDF and Word exports, read back with poppler's pdftotext/pdffonts and python-docx."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.utils import timezone

from bulletin.document import issue_document
from bulletin.models import Section
from distribution.models import IssueLine
from formats.exporters import pdf, word
from formats.exporters.errors import ExportError
from tests.factories import ArticleFactory, IssueFactory

ARTIFACTS = Path(__file__).resolve().parents[1] / "e2e" / "artifacts"
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture
def issue(db):
    issue = IssueFactory(year=2026, number=12, total_number=327, copies=150, published=True)
    sections = {s.name: s for s in Section.objects.all()}
    ArticleFactory(
        title="市总工会召开年度工作推进会",
        body="<p>会议总结了今年以来的工作。</p><p>会议要求各地抓好落实。</p>",
        byline="市总办公室",
        status="published",
        published_at=timezone.now(),
        issue=issue,
        section=sections["工作动态"],
        position=1,
    )
    ArticleFactory(
        title="昆山市总工会举办劳动竞赛",
        body='<p>竞赛设三个项目。</p><figure class="table"><table><tbody><tr><td>项目</td><td>人数</td></tr></tbody></table></figure>',
        byline="昆山市总工会",
        status="published",
        published_at=timezone.now(),
        issue=issue,
        section=sections["立功竞赛"],
        position=1,
    )
    ArticleFactory(
        title="城厢镇总工会开展法律咨询",
        body="<p>现场解答咨询四十余人次。</p>",
        byline="太仓市总工会",
        status="published",
        published_at=timezone.now(),
        issue=issue,
        section=sections["工作简讯"],
        position=1,
    )
    IssueLine.objects.create(issue=issue, kind="distribute", text="市四套班子有关领导、各市（县）、区工会")
    IssueLine.objects.create(issue=issue, kind="report", text="省总工会")
    return issue


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "issue.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def in_order(text: str, parts: list[str]) -> bool:
    position = -1
    for part in parts:
        found = text.find(part, position + 1)
        if found < 0:
            return False
        position = found
    return True


def test_the_pdf_has_masthead_articles_and_imprint_in_order(issue, tmp_path):
    data = pdf.render(issue_document(issue))
    text = pdf_text(data, tmp_path).replace("\n", "")
    assert in_order(
        text,
        [
            "工会工作简报",
            "第12期（总第327期）",
            "苏州市总工会办公室编",
            "2026年11月16日",
            "【工作动态】",
            "市总工会召开年度工作推进会",
            "会议要求各地抓好落实。",
            "（市总办公室）",
            "【立功竞赛】",
            "昆山市总工会举办劳动竞赛",
            "（昆山市总工会）",
            "【工作简讯】",
            "城厢镇总工会开展法律咨询。现场解答咨询四十余人次。（太仓市总工会）",
            "本期报送：省总工会",
            "本期印发：市四套班子有关领导、各市（县）、区工会",
            "共印150份",
        ],
    ), text
    assert "—1—" in pdf_text(data, tmp_path).replace(" ", "")
    assert "样稿" not in text


def test_the_pdf_embeds_cjk_font_subsets(issue, tmp_path):
    path = tmp_path / "issue.pdf"
    path.write_bytes(pdf.render(issue_document(issue)))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk
    assert all(" yes yes " in line for line in cjk), fonts
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(ARTIFACTS / "export-pdf-page1"),
        ],
        check=True,
    )
    assert (ARTIFACTS / "export-pdf-page1.png").stat().st_size > 10_000


def test_an_unpublished_issue_is_watermarked_as_a_draft(issue, tmp_path):
    type(issue).objects.filter(pk=issue.pk).update(status="drafting", published_at=None)
    text = pdf_text(pdf.render(issue_document(issue)), tmp_path)
    pages = text.count("\f")
    # The rotated watermark comes out character by character, on every page.
    assert len(re.findall(r"样\s*稿|稿\s*样", text)) == pages >= 1
    document = docx.Document(io.BytesIO(word.render(issue_document(issue))))
    assert "样稿" in document.sections[0].header.paragraphs[0].text


def test_an_issue_without_articles_still_gives_a_readable_pdf(db, tmp_path):
    issue = IssueFactory(year=2026, number=20)
    text = pdf_text(pdf.render(issue_document(issue)), tmp_path)
    assert "第20期" in text
    assert "本期尚无稿件。" in text


def test_a_missing_cjk_font_is_a_clear_error(issue, monkeypatch):
    monkeypatch.setattr(pdf, "cjk_font_available", lambda: False)
    with pytest.raises(ExportError) as error:
        pdf.render(issue_document(issue))
    assert str(error.value) == "服务器上没有安装中文字体（Debian 软件包 fonts-noto-cjk），无法生成 PDF。"


def test_the_pdf_never_fetches_outside_media(issue, tmp_path, monkeypatch):
    article = issue.articles.first()
    article.body = '<p>正文</p><figure class="image"><img src="https://evil.example/track.png"></figure><img src="/media/../../etc/passwd">'
    article.save()
    html = pdf.render_html(issue_document(issue))
    assert pdf._pictures(html) == {}  # nothing outside the media storage goes to the renderer
    assert "正文" in pdf_text(pdf.render(issue_document(issue)), tmp_path)


def test_the_renderer_fetches_only_the_pictures_it_was_given(monkeypatch):
    from weasyprint.urls import URLFetcher

    from formats.exporters import pdf_child

    fetched = []
    original = URLFetcher.fetch
    monkeypatch.setattr(
        URLFetcher,
        "fetch",
        lambda self, url, headers=None: fetched.append(url) or original(self, url, headers),
    )
    html = '<p>正文</p><img src="https://evil.example/track.png"><img src="/media/other.png">'
    data = pdf_child.write_pdf(html, base_url=pdf.BASE_URL, media_prefix="/media/", pictures={})
    assert data.startswith(b"%PDF")
    assert fetched == []  # our fetcher overrides fetch entirely; the default one is never reached


def test_the_word_file_has_styles_and_text(issue):
    document = docx.Document(io.BytesIO(word.render(issue_document(issue))))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert paragraphs[0] == ("Title", "工会工作简报")
    assert ("Normal", "第12期（总第327期）") in paragraphs
    assert ("Heading 1", "【工作动态】") in paragraphs
    assert ("Heading 2", "市总工会召开年度工作推进会") in paragraphs
    assert ("Normal", "（市总办公室）") in paragraphs
    assert ("Normal", "城厢镇总工会开展法律咨询。现场解答咨询四十余人次。（太仓市总工会）") in paragraphs
    assert paragraphs[-1] == ("Normal", "共印150份")
    assert ("Normal", "本期印发：市四套班子有关领导、各市（县）、区工会") in paragraphs
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["项目", "人数"]
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.styles["Normal"].paragraph_format.first_line_indent.pt == 32


SAMPLE = Path(__file__).resolve().parents[3] / "shared/samples/bulletin-2012-02.txt"


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample bulletin is not beside the project")
def test_the_sample_issue_reads_back_from_pdf_and_word_in_order(db, tmp_path):
    from django.core.management import call_command

    from bulletin.models import Issue

    call_command(
        "import_bulletin",
        str(SAMPLE),
        "--year",
        "2012",
        "--number",
        "2",
        "--date",
        "2012-02-28",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    issue = Issue.objects.get(year=2012, number=2)
    doc = issue_document(issue)
    expected = ["工会工作简报", "第2期"]
    for block in doc.sections:
        expected.append(f"【{block.section.name}】")
        for article in block.articles:
            expected.append(article.title)
            if article.byline:
                expected.append(article.attribution)
    expected += [f"{label}：" for label, _ in doc.lines]

    text = re.sub(r"\s+", "", pdf_text(pdf.render(doc), tmp_path))
    missing = [part for part in expected if re.sub(r"\s+", "", part) not in text]
    assert missing == []
    assert in_order(text, [re.sub(r"\s+", "", part) for part in expected])

    document = docx.Document(io.BytesIO(word.render(doc)))
    word_text = re.sub(r"\s+", "", "".join(p.text for p in document.paragraphs))
    assert in_order(word_text, [re.sub(r"\s+", "", part) for part in expected])
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"【{block.section.name}】" for block in doc.sections]


def test_an_enormous_table_and_image_still_give_readable_files(issue, tmp_path):
    from articles.images import image_store
    from articles.images import image_url as url_of
    from tests.articles.imagefiles import image_bytes

    rows = "".join(f"<tr>{''.join(f'<td>R{r}C{c}</td>' for c in range(8))}</tr>" for r in range(80))
    picture = image_store(data=image_bytes("PNG", size=(3000, 9000)), uploaded_by=None)
    article = issue.articles.first()
    article.body = (
        f'<p>表格如下。</p><figure class="table"><table><tbody>{rows}</tbody></table></figure>'
        f'<figure class="image"><img src="{url_of(picture)}" alt="长图"></figure><p>表格之后的段落。</p>'
    )
    article.save()
    doc = issue_document(issue)
    text = pdf_text(pdf.render(doc), tmp_path)
    assert "R79C7" in text  # the table flows over pages to its last cell
    assert "表格之后的段落。" in text
    assert text.count("\f") < 20  # the tall image is scaled to the page, not cut into strips
    document = docx.Document(io.BytesIO(word.render(doc)))
    assert max(len(table.rows) for table in document.tables) == 80
    assert len(document.inline_shapes) == 1


def test_export_issue_exits_non_zero_with_the_reason(issue, monkeypatch):
    from django.core.management import CommandError, call_command

    monkeypatch.setattr(pdf, "cjk_font_available", lambda: False)
    with pytest.raises(CommandError) as error:
        call_command("export_issue", f"{issue.year}-{issue.number}", "--format", "pdf", "-o", "/dev/null")
    assert "服务器上没有安装中文字体" in str(error.value)
