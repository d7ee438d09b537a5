"""Benchmark: import 1,000 generated plain-text issues of ~20 articles each, then 200 Word (.docx)
and 200 PDF bulletins of the same kind.

Target (issue 3): the 1,000 text issues under 60 s on SQLite. Runs standalone (`make bench`): it
makes its own temporary SQLite database, writes the bulletins to a temporary folder and runs
``import_bulletin`` on each format's folder in one batch, as an office migrating its archive would.
The Word files are written with python-docx in the layout offices use (red masthead, centred bold
titles, indented paragraphs); the PDFs are those Word files printed by LibreOffice (one process for
all of them), and are skipped when LibreOffice is not installed. Making the files is not timed.

    python bench/import.py [ISSUES] [DOCUMENTS]
"""

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ISSUES = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
DOCUMENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
SECTIONS = [("工作动态", 6), ("创先争优", 4), ("立功竞赛", 5), ("工作简讯", 5)]
PLACES = ["东湖", "西山", "南塘", "北湖", "青石", "白沙", "金桥", "石港", "云溪", "枫林", "柳营", "桃源"]
DEPARTMENTS = ["生产部", "宣教部", "组织部", "财务部", "经审办", "女职工部", "权益保障部"]
WORDS = "各级工会围绕中心工作组织职工开展劳动竞赛技术创新活动服务企业发展维护职工权益推进基层建设"


def setup(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    # A cache folder of its own too: the project's var/cache, filled by earlier runs, would make the
    # figures depend on what happened before (the file cache lists its folder on every write).
    os.environ.setdefault("CACHE_URL", f"file://{workdir / 'cache'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def sentence(rng: random.Random) -> str:
    return (
        "，".join(
            "".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))) for _ in range(rng.randint(2, 4))
        )
        + "。"
    )


def attribution(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return f"{rng.choice(PLACES)}区总工会"
    if roll < 0.7:
        first, second = rng.sample(DEPARTMENTS, 2)
        return f"市总{first}、{second}"
    if roll < 0.9:
        return f"{rng.choice(PLACES)}镇总工会"
    return "综合来稿"


def bulletin(index: int, rng: random.Random) -> str:
    year, number = 1990 + index // 40, index % 40 + 1
    lines = [
        "工会工作简报",
        f"第{number}期（总第{index + 1}期）",
        f"江南市总工会办公室编　　{year}年{number % 12 + 1}月8日",
        "",
    ]
    for name, count in SECTIONS:
        lines += [f"【{name}】", ""]
        for _ in range(count):
            title = "".join(rng.choice(WORDS) for _ in range(rng.randint(10, 24)))
            paragraphs = [
                "".join(sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(1, 4))
            ]
            if name == "工作简讯":
                lines.append(f"{title}。{paragraphs[0]}（{attribution(rng)}）")
                continue
            lines += [title[:12], title[12:], ""] if len(title) > 18 else [title, ""]
            lines += ["　　" + paragraph for paragraph in paragraphs[:-1]]
            lines += [f"　　{paragraphs[-1]}　　　　（{attribution(rng)}）", ""]
    lines += [
        "本期报送：省总工会",
        "本期印发：市四套班子有关领导、各市（县）、区、局（公司）工会",
        "共印120份",
    ]
    return "\n".join(lines) + "\n"


def write_docx(text: str, path: Path) -> None:
    """The text bulletin as an office lays it out in Word."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    document = Document()
    section, in_body = "", False
    for number, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line.strip("\u3000"))
        run.font.size = Pt(14)
        if number == 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.font.size, run.font.color.rgb, run.bold = Pt(36), RGBColor(0xE0, 0, 0), True
        elif line.startswith("【"):
            section, in_body, run.bold = line, False, True
        elif line.startswith("\u3000") or section == "【工作简讯】":
            paragraph.paragraph_format.first_line_indent = Pt(28)
            in_body = True
        elif section and not line.startswith(("本期", "共印")):
            if in_body:  # the next article's title
                in_body = False
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold, run.font.size = True, Pt(18)
    document.save(path)


def import_folder(folder: Path, *, label: str, expected: int) -> None:
    from django.core.management import call_command

    from bulletin.models import Issue

    before = Issue.objects.count()
    files = sorted(folder.iterdir())
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    started, cpu_started = time.perf_counter(), time.process_time()
    out = StringIO()
    call_command("import_bulletin", str(folder), "--no-progress", stdout=out, stderr=StringIO())
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    imported = Issue.objects.count() - before
    assert imported == expected, out.getvalue()[-500:]
    print(
        f"{label}: imported {imported} issues ({megabytes:.1f} MB) in {elapsed:.1f} s ({cpu:.1f} s CPU): "
        f"{imported / elapsed:.1f} files/s"
    )


def documents(workdir: Path, rng: random.Random) -> None:
    """200 .docx and 200 PDF bulletins, numbered after the text ones."""
    word, printed = workdir / "docx", workdir / "pdf"
    word.mkdir()
    printed.mkdir()
    for index in range(ISSUES, ISSUES + 2 * DOCUMENTS):
        folder = word if index < ISSUES + DOCUMENTS else printed / "source"
        folder.mkdir(exist_ok=True)
        write_docx(bulletin(index, rng), folder / f"bulletin-{index:04d}.docx")
    import_folder(word, label="docx", expected=DOCUMENTS)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("pdf: skipped (LibreOffice is not installed)")
        return
    sources = sorted((printed / "source").iterdir())
    started = time.perf_counter()
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
        ]
        + ["--outdir", str(printed)]
        + [str(path) for path in sources],
        check=True,
        capture_output=True,
    )
    shutil.rmtree(printed / "source")
    print(f"(LibreOffice printed {len(sources)} PDFs in {time.perf_counter() - started:.0f} s; not counted)")
    import_folder(printed, label="pdf", expected=DOCUMENTS)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        workdir = Path(tmp)
        setup(workdir)
        from django.core.management import call_command

        from articles.models import Article
        from bulletin.models import Issue

        rng = random.Random(2012)
        files = []
        for index in range(ISSUES):
            path = workdir / f"bulletin-{index:04d}.txt"
            path.write_text(bulletin(index, rng), encoding="utf-8")
            files.append(str(path))
        megabytes = sum(Path(name).stat().st_size for name in files) / 1e6

        started, cpu_started = time.perf_counter(), time.process_time()
        out = StringIO()
        call_command("import_bulletin", *files, "--no-progress", stdout=out, stderr=StringIO())
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started

        issues, articles = Issue.objects.count(), Article.objects.count()
        assert issues == ISSUES, out.getvalue()[-500:]
        print(
            f"imported {issues} issues, {articles} articles ({megabytes:.1f} MB of text) in {elapsed:.1f} s "
            f"({cpu:.1f} s of it on this process's CPU; the rest waiting for the disk or other processes)"
        )
        print(
            f"{issues / elapsed:.1f} issues/s, {articles / elapsed:.0f} articles/s (target: {ISSUES} issues < 60 s)"
        )
        if DOCUMENTS:
            documents(workdir, rng)


if __name__ == "__main__":
    main()
