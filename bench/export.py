"""Benchmark: export a 30-article issue with 10 images to PDF and to Word.

Targets (issue 7): PDF < 3 s and < 300 MB peak memory. Runs standalone (`make bench`): it makes
its own temporary SQLite database and media folder, and measures each render in a fresh child
process so the peak resident memory is that render's alone.

The PDF is measured twice (issue 22): as the exporter does it, WeasyPrint in a child process of its
own (`pdf`; a fresh process here, so its time includes starting the fork server once, about a
second, which a web worker pays at its first PDF only), and the old way, WeasyPrint inside the calling process (`pdf-inprocess`). For each it
prints the calling process's resident memory (VmRSS) before and after the render: that is what a
gunicorn worker keeps after serving the download.

    python bench/export.py
"""

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLES = 30
IMAGES = 10
RUNS = 3


def setup(workdir: Path):
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def build(workdir: Path) -> int:
    from django.core.management import call_command
    from django.utils import timezone
    from PIL import Image

    from articles.images import image_store, image_url
    from articles.models import Article
    from bulletin.models import Issue, Publication, Section

    call_command("migrate", verbosity=0)
    sections = list(Section.objects.order_by("position"))
    issue = Issue.objects.create(
        publication=Publication.objects.default(),
        year=2026,
        number=1,
        issue_date=timezone.localdate(),
        status=Issue.Status.PUBLISHED,
        published_at=timezone.now(),
        copies=100,
    )
    paragraph = "各级工会围绕中心工作，组织职工开展劳动竞赛和技术创新活动，取得明显成效。" * 6
    for index in range(ARTICLES):
        body = "".join(f"<p>{paragraph}</p>" for _ in range(4))
        if index < IMAGES:
            # Noise makes the JPEG as heavy as a real photograph (a flat colour would be a few KB).
            noise = Image.effect_noise((2400, 1600), 60 + index)
            picture = Image.merge(
                "RGB",
                (noise, noise.rotate(90, expand=False), Image.linear_gradient("L").resize((2400, 1600))),
            )
            buffer = io.BytesIO()
            picture.save(buffer, format="JPEG", quality=90)
            record = image_store(data=buffer.getvalue(), uploaded_by=None, original_name=f"photo{index}.jpg")
            body += f'<figure class="image"><img src="{image_url(record)}" alt=""><figcaption>图{index + 1}</figcaption></figure>'
        Article.objects.create(
            title=f"第{index + 1}篇：市总工会推进职工服务阵地建设",
            body=body,
            byline="市总办公室",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
            issue=issue,
            section=sections[index % len(sections)],
            position=index,
        )
    return issue.pk


def vm_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def render_in_process(doc) -> bytes:
    """The PDF as the exporter made it before issue 22: WeasyPrint in the calling process."""
    from django.conf import settings

    from formats.exporters import pdf, pdf_child

    html = pdf.render_html(doc)
    return pdf_child.write_pdf(
        html,
        base_url=pdf.BASE_URL,
        media_prefix="/" + settings.MEDIA_URL.strip("/") + "/",
        pictures=pdf._pictures(html),
    )


def render_once(fmt: str, issue_pk: int) -> dict:
    from bulletin.document import issue_document
    from bulletin.models import Issue
    from formats.exporters import pdf, word

    render = {"pdf": pdf.render, "pdf-inprocess": render_in_process, "docx": word.render}[fmt]
    issue = Issue.objects.get(pk=issue_pk)
    doc = issue_document(issue)
    pdf.cjk_font_available()  # cached for the worker's life; not part of a render
    rss_before = vm_rss_mb()
    started = time.perf_counter()
    data = render(doc)
    elapsed = time.perf_counter() - started
    rss_after = vm_rss_mb()
    peak_mb = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    return {
        "format": fmt,
        "seconds": elapsed,
        "peak_mb": peak_mb,
        "bytes": len(data),
        "rss_before": rss_before,
        "rss_after": rss_after,
    }


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        setup(Path(os.environ["BENCH_WORKDIR"]))
        print(json.dumps(render_once(sys.argv[2], int(sys.argv[3]))))
        return
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        workdir = Path(tmp)
        setup(workdir)
        issue_pk = build(workdir)
        env = {**os.environ, "BENCH_WORKDIR": str(workdir)}
        print(
            f"Issue: {ARTICLES} articles, {IMAGES} images (2400×1600 photo-like JPEG, reader copies 1200 px wide)"
        )
        failed = False
        for fmt, limit_s in (("pdf", 3.0), ("pdf-inprocess", 3.0), ("docx", 3.0)):
            results = []
            for _ in range(RUNS):
                child = subprocess.run(
                    [sys.executable, __file__, "--child", fmt, str(issue_pk)],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=120,
                )
                results.append(json.loads(child.stdout.strip().splitlines()[-1]))
            best = min(r["seconds"] for r in results)
            median = sorted(r["seconds"] for r in results)[len(results) // 2]
            peak = max(r["peak_mb"] for r in results)
            ok = median < limit_s and peak < 300
            failed |= not ok
            rss_before = sorted(r["rss_before"] for r in results)[len(results) // 2]
            rss_after = sorted(r["rss_after"] for r in results)[len(results) // 2]
            print(
                f"{fmt:13} median {median:.2f} s (best {best:.2f} s over {RUNS} runs), peak RSS {peak:.0f} MB, "
                f"{results[0]['bytes'] / 1024:.0f} KB — target < {limit_s:.0f} s and < 300 MB: {'ok' if ok else 'MISSED'}; "
                f"caller's RSS {rss_before:.0f} MB before, {rss_after:.0f} MB after"
            )
        print(
            "note: for `pdf` the peak is the calling process's only: the render's process is a child of the "
            "fork server, not of the caller; the render's own peak is about the `pdf-inprocess` figure"
        )
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
