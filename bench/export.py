"""Benchmark: export a 30-article issue with 10 images to PDF and to Word.

Targets (issue 7): PDF < 3 s and < 300 MB peak memory. Runs standalone (`make bench`): it makes
its own temporary SQLite database and media folder, and measures each render in a fresh child
process so the peak resident memory is that render's alone.

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


def render_once(fmt: str, issue_pk: int) -> dict:
    from bulletin.document import issue_document
    from bulletin.models import Issue
    from formats.exporters import pdf, word

    module = {"pdf": pdf, "docx": word}[fmt]
    issue = Issue.objects.get(pk=issue_pk)
    started = time.perf_counter()
    data = module.render(issue_document(issue))
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"format": fmt, "seconds": elapsed, "peak_mb": peak_mb, "bytes": len(data)}


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
        for fmt, limit_s in (("pdf", 3.0), ("docx", 3.0)):
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
            print(
                f"{fmt:5} median {median:.2f} s (best {best:.2f} s over {RUNS} runs), peak RSS {peak:.0f} MB, "
                f"{results[0]['bytes'] / 1024:.0f} KB — target < {limit_s:.0f} s and < 300 MB: {'ok' if ok else 'MISSED'}"
            )
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
