"""Word and PDF bulletins built in the tests (invented content): python-docx for .docx, LibreOffice
for .doc and .pdf, and a few hand-written PDFs (a scan, a damaged file, a long report)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from PIL import Image

RED = RGBColor(0xE0, 0x00, 0x00)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def needs_libreoffice():
    """Skip where LibreOffice is absent — but never in CI, where it is installed and must run."""
    if soffice() is None and os.environ.get("CI") != "true":
        pytest.skip("LibreOffice (soffice, Debian package libreoffice-writer-nogui) is not installed")


def convert(path: Path, to: str) -> Path:
    """``path`` converted by LibreOffice to ``to`` (doc, pdf, docx…), beside it."""
    needs_libreoffice()
    with tempfile.TemporaryDirectory(prefix="test-soffice-") as profile:
        subprocess.run(
            [
                soffice(),
                "--headless",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--convert-to",
                to,
                "--outdir",
                str(path.parent),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=120,
            env={**os.environ, "HOME": profile},
        )
    result = path.with_suffix("." + to.split(":")[0])
    assert result.is_file(), f"LibreOffice did not convert {path} to {to}"
    return result


def png(width: int = 40, height: int = 30, colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class Article:
    title: list[str]
    paragraphs: list[str]
    byline: str
    picture: bytes | None = None


@dataclass
class Bulletin:
    """A bulletin to write as .docx the way offices lay theirs out."""

    title: str = "工 会 工 作 简 报"
    number_line: str = "第5期（总第188期）"
    editor: str = "江南市总工会办公室编"
    date: str = "2019年5月8日"
    sections: dict[str, list[Article]] = field(default_factory=dict)
    footer: list[tuple[str, str]] = field(default_factory=list)
    copies: str = "（共印80份）"
    mark: str | None = None


def demo_bulletin() -> Bulletin:
    return Bulletin(
        sections={
            "工作动态": [
                Article(
                    title=["东湖区总工会举办“安康杯”", "安全知识竞赛"],
                    paragraphs=[
                        "日前，东湖区总工会在区职工服务中心举办“安康杯”安全知识竞赛，全区二十支代表队参加。",
                        "竞赛分必答、抢答和风险题三个环节，现场气氛热烈。",
                    ],
                    byline="东湖区总工会",
                    picture=png(),
                ),
                Article(
                    title=["西山区总工会开展夏季送清凉活动"],
                    paragraphs=["近日，西山区总工会走访建筑工地和环卫站点，为一线职工送去防暑降温用品。"],
                    byline="西山区总工会",
                ),
            ],
            "工作简讯": [
                Article(
                    title=["市总工会召开女职工工作座谈会"],
                    paragraphs=["会议交流了各地女职工工作经验，部署了下半年重点任务。"],
                    byline="市总女职工部",
                ),
            ],
        },
        footer=[("本期报送", "省总工会"), ("本期印发", "市四套班子有关领导、各市（县）、区、局（公司）工会")],
    )


def _run(paragraph, text: str, *, bold=False, size=None, colour=None):
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    run.font.name = "Noto Sans CJK SC"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    return run


def _centred(document, text: str, **look):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, **look)
    return paragraph


def write_docx(bulletin: Bulletin, path: Path, *, footer_table: bool = True) -> Path:
    document = Document()
    if bulletin.mark:
        _run(document.add_paragraph(), bulletin.mark, size=12)
    _centred(document, bulletin.title, bold=True, size=36, colour=RED)
    _centred(document, bulletin.number_line, size=16)
    masthead = document.add_paragraph()
    _run(masthead, f"{bulletin.editor}\t{bulletin.date}", size=14)
    _centred(document, "━━━━━━━━━━━━━━━━━━━━━━━━━━", colour=RED)
    for name, articles in bulletin.sections.items():
        _run(document.add_paragraph(), f"【{name}】", bold=True, size=16)
        for article in articles:
            if name == "工作简讯":
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.first_line_indent = Pt(28)
                _run(paragraph, article.title[0] + "。", bold=True, size=14)
                _run(paragraph, "".join(article.paragraphs) + f"（{article.byline}）", size=14)
                continue
            title = document.add_paragraph()
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for index, line in enumerate(article.title):
                run = _run(title, line, bold=True, size=18)
                if index < len(article.title) - 1:
                    run.add_break(WD_BREAK.LINE)
            for index, text in enumerate(article.paragraphs):
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.first_line_indent = Pt(28)
                last = index == len(article.paragraphs) - 1
                _run(paragraph, text + (f"（{article.byline}）" if last else ""), size=14)
                if index == 0 and article.picture:
                    document.add_paragraph().add_run().add_picture(io.BytesIO(article.picture))
    if footer_table:
        table = document.add_table(rows=0, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for index, (kind, text) in enumerate(bulletin.footer):
            cells = table.add_row().cells
            _run(cells[0].paragraphs[0], f"{kind}：{text}", size=12)
            if index == len(bulletin.footer) - 1:
                _run(cells[1].paragraphs[0], bulletin.copies, size=12)
    else:
        for kind, text in bulletin.footer:
            _run(document.add_paragraph(), f"{kind}：{text}", size=12)
        _run(document.add_paragraph(), bulletin.copies, size=12)
    document.save(path)
    return path


def text_docx(text: str, path: Path) -> Path:
    """Each line of ``text`` as one paragraph, as is (the sample's layout in Word)."""
    document = Document()
    for line in text.splitlines():
        _run(document.add_paragraph(), line, size=12)
    document.save(path)
    return path


def simple_pdf(pages: list[list[str]]) -> bytes:
    """A PDF written by hand: Helvetica text lines, one list of lines per page (ASCII only)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pages_id = len(objects) + 2 * len(pages) + 1
    kids = []
    for lines in pages:
        stream = (
            b"BT /F1 12 Tf 72 700 Td 16 TL "
            + b" ".join(b"(" + line.encode("latin-1") + b") Tj T*" for line in lines)
            + b" ET"
        )
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    assert (
        add(
            b"<< /Type /Pages /Kids ["
            + b" ".join(b"%d 0 R" % kid for kid in kids)
            + b"] /Count %d >>" % len(kids)
        )
        == pages_id
    )
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)


def scanned_pdf(path: Path, pages: int = 2) -> Path:
    """Pictures of pages and nothing else, as a scanner makes them (Pillow's PDF writer)."""
    images = [Image.new("L", (620, 877), 255) for _ in range(pages)]
    for image in images:
        image.paste(0, (80, 100, 540, 130))
    images[0].save(path, format="PDF", save_all=True, append_images=images[1:], resolution=75)
    return path


# --- an encrypted Word file ----------------------------------------------------------------------
# Word's "Encrypt with password" writes the .docx, encrypted, into an OLE compound file (ECMA-376
# part 2, "Standard Encryption": AES-128 with a SHA-1 key derivation, streams EncryptionInfo and
# EncryptedPackage). Built here step by step from the specification.

_FREE, _END, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _standard_encryption(package: bytes, password: str) -> tuple[bytes, bytes]:
    import hashlib
    import struct

    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    salt, verifier = os.urandom(16), os.urandom(16)
    digest = hashlib.sha1(salt + password.encode("utf-16-le")).digest()  # noqa: S324 (the format's)
    for iteration in range(50000):
        digest = hashlib.sha1(struct.pack("<I", iteration) + digest).digest()  # noqa: S324
    final = hashlib.sha1(digest + struct.pack("<I", 0)).digest()  # noqa: S324
    inner = bytes(0x36 ^ (final[i] if i < len(final) else 0) for i in range(64))
    key = hashlib.sha1(inner).digest()[:16]  # noqa: S324

    def encrypt(data: bytes) -> bytes:
        data += b"\0" * (-len(data) % 16)
        encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305 (the format's)
        return encryptor.update(data) + encryptor.finalize()

    provider = "Microsoft Enhanced RSA and AES Cryptographic Provider\0".encode("utf-16-le")
    header = struct.pack("<IIIIIIII", 0x24, 0, 0x660E, 0x8004, 128, 0x18, 0, 0) + provider
    info = struct.pack("<HHII", 3, 2, 0x24, len(header)) + header
    info += struct.pack("<I", 16) + salt + encrypt(verifier)
    info += struct.pack("<I", 20) + encrypt(hashlib.sha1(verifier).digest())  # noqa: S324
    return info, struct.pack("<Q", len(package)) + encrypt(package)


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file (512-byte sectors) with the given streams under its root; streams
    under 4096 bytes go into the mini stream, as the format requires."""
    import struct

    sectors: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        count = max(1, -(-len(data) // 512))
        start = len(sectors)
        for index in range(count):
            sectors.append(data[index * 512 : (index + 1) * 512].ljust(512, b"\0"))
            fat.append(start + index + 1 if index < count - 1 else _END)
        return start

    mini, mini_fat, entries = b"", [], []
    for name, data in streams.items():
        if len(data) < 4096:
            first = len(mini) // 64
            count = max(1, -(-len(data) // 64))
            mini += data.ljust(count * 64, b"\0")
            mini_fat += [first + index + 1 if index < count - 1 else _END for index in range(count)]
            entries.append((name, first, len(data)))
        else:
            entries.append((name, place(data), len(data)))
    mini_start = place(mini) if mini else _END
    mini_fat_start = place(b"".join(struct.pack("<I", value) for value in mini_fat)) if mini_fat else _END

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, left, right, child)
            + b"\0" * 16
            + struct.pack("<I", 0)
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    # Siblings as a chain ordered as the format compares names: shorter first, then by upper case.
    order = sorted(range(len(entries)), key=lambda i: (len(entries[i][0]), entries[i][0].upper()))
    directory = [entry("Root Entry", 5, _NO_STREAM, _NO_STREAM, order[0] + 1, mini_start, len(mini))]
    for index, (name, start, size) in enumerate(entries):
        position = order.index(index)
        right = order[position + 1] + 1 if position + 1 < len(order) else _NO_STREAM
        directory.append(entry(name, 2, _NO_STREAM, right, _NO_STREAM, start, size))
    while len(directory) % 4:
        directory.append(entry("", 0, _NO_STREAM, _NO_STREAM, _NO_STREAM, _FREE, 0)[:64] + b"\0" * 64)
    directory_start = place(b"".join(directory))
    # The FAT describes every sector, its own included.
    fat_count = 1
    while (len(sectors) + fat_count) > fat_count * 128:
        fat_count += 1
    fat_start = len(sectors)
    fat += [_FAT_SECTOR] * fat_count
    fat += [_FREE] * (fat_count * 128 - len(fat))
    for index in range(fat_count):
        sectors.append(b"".join(struct.pack("<I", value) for value in fat[index * 128 : (index + 1) * 128]))
    difat = [fat_start + index for index in range(fat_count)] + [_FREE] * (109 - fat_count)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack(
            "<IIIIIIIII",
            0,
            fat_count,
            directory_start,
            0,
            4096,
            mini_fat_start,
            1 if mini_fat else 0,
            _END,
            0,
        )
        + b"".join(struct.pack("<I", value) for value in difat)
    )
    return header + b"".join(sectors)


def encrypted_docx(docx: bytes, path: Path, password: str = "mima2019") -> Path:  # noqa: S107
    """``docx`` encrypted with ``password`` as Word encrypts it."""
    info, package = _standard_encryption(docx, password)
    path.write_bytes(_compound_file({"EncryptionInfo": info, "EncryptedPackage": package}))
    return path


_OPEN_WITH_PASSWORD = """
Sub OpenWithPassword
  On Error GoTo Refused
  Dim load(1) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden" : load(0).Value = True
  load(1).Name = "Password" : load(1).Value = Environ("PASSWORD")
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(Environ("SOURCE")), "_blank", 0, load())
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName" : store(0).Value = "Text"
  doc.storeToURL(ConvertToURL(Environ("TARGET")), store())
  doc.close(True)
Refused:
  StarDesktop.terminate()
End Sub
"""


def _basic_module(source: str) -> str:
    from xml.sax.saxutils import escape

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
        '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
        'script:language="StarBasic">' + escape(source, {'"': "&quot;"}) + "</script:module>\n"
    )


def open_with_password(path: Path, password: str) -> str:
    """The text LibreOffice reads from an encrypted file given its password (a Basic macro in a
    private profile: the command line has no password option)."""
    needs_libreoffice()
    with tempfile.TemporaryDirectory(prefix="test-soffice-") as profile:
        subprocess.run(  # the first start makes the profile, its macro library included
            [
                soffice(),
                "--headless",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--terminate_after_init",
            ],
            capture_output=True,
            timeout=60,
            env={**os.environ, "HOME": profile},
        )
        basic = Path(profile) / "user" / "basic"
        (basic / "Standard" / "Module1.xba").write_text(_basic_module(_OPEN_WITH_PASSWORD), encoding="utf-8")
        target = Path(profile) / "opened.txt"
        subprocess.run(
            [
                soffice(),
                "--headless",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "vnd.sun.star.script:Standard.Module1.OpenWithPassword?language=Basic&location=application",
            ],
            capture_output=True,
            timeout=60,
            env={
                **os.environ,
                "HOME": profile,
                "SOURCE": str(path),
                "TARGET": str(target),
                "PASSWORD": password,
            },
        )
        return target.read_text(encoding="utf-8-sig") if target.is_file() else ""
