"""The PDF is laid out in a child process, so the web worker that asked for it stays small (issue 22).

WeasyPrint holds well over a hundred megabytes for an issue with photos, and a Python process does
not give such memory back; rendering in the worker left it at several times its size."""

import io
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from articles.images import image_store, image_url
from bulletin.document import issue_document
from bulletin.models import Section
from formats.exporters import pdf
from formats.exporters.errors import ExportError
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.skipif(not pdf.cjk_font_available(), reason="no CJK font installed")

GROWTH_LIMIT_MB = 30


def vm_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def photo(seed: int) -> bytes:
    noise = Image.effect_noise((2000, 1400), 60 + seed)
    buffer = io.BytesIO()
    Image.merge("RGB", (noise, noise.rotate(90), noise.rotate(180))).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture
def issue_with_photos(db):
    issue = IssueFactory(year=2026, number=3, published=True)
    section = Section.objects.order_by("position").first()
    paragraph = "各级工会组织职工开展劳动竞赛和技术创新活动，取得明显成效。" * 8
    for index in range(12):
        body = f"<p>{paragraph}</p>" * 3
        if index < 4:
            record = image_store(data=photo(index), uploaded_by=None, original_name=f"photo{index}.jpg")
            body += f'<figure class="image"><img src="{image_url(record)}" alt=""></figure>'
        ArticleFactory(
            title=f"第{index + 1}篇：职工服务阵地建设",
            body=body,
            status="published",
            published_at=timezone.now(),
            issue=issue,
            section=section,
            position=index,
        )
    return issue


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_it_leaves_the_calling_process_small_after_a_pdf_with_photos(issue_with_photos):
    doc = issue_document(issue_with_photos)
    pdf.render_html(doc)  # templates loaded and compiled: not part of what we measure
    before = vm_rss_mb()
    data = pdf.render(doc)
    growth = vm_rss_mb() - before
    assert data.startswith(b"%PDF")
    assert len(data) > 500_000  # the photos are in it
    assert growth < GROWTH_LIMIT_MB, f"the caller grew by {growth:.0f} MB"


def test_it_renders_in_another_process(issue_with_photos, monkeypatch):
    import sys

    sys.modules.pop("weasyprint", None)  # whatever an earlier test imported here
    assert pdf.render(issue_document(issue_with_photos)).startswith(b"%PDF")
    assert "weasyprint" not in sys.modules  # laid out elsewhere: this process never loaded it


def test_a_renderer_that_dies_is_an_export_error_in_chinese(issue_with_photos, monkeypatch):
    # operator.is_ takes the child's two arguments and returns without answering.
    monkeypatch.setattr(pdf, "CHILD_MODULE", "operator")
    monkeypatch.setattr(pdf, "CHILD_TARGET", "is_")
    with pytest.raises(ExportError) as error:
        pdf.render(issue_document(issue_with_photos))
    assert str(error.value).startswith("无法生成 PDF：")
