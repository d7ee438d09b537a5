"""Old Word (.doc) and WPS (.wps) files: LibreOffice headless converts them to .docx in a private
temporary folder (its own user profile, so that runs never share or lock one), within a time
limit; the .docx reader does the rest."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from ..errors import BulletinImportError
from .base import SourceText
from .word import read_docx

TIMEOUT_SECONDS = 120
PACKAGE = "libreoffice-writer-nogui"
LABELS = {".doc": "Word .doc", ".wps": "WPS .wps"}


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(*, data: bytes, suffix: str, timeout: float | None = None) -> bytes:
    """The .docx LibreOffice makes of ``data`` (a .doc or .wps file). Raises ``BulletinImportError``."""
    timeout = timeout or TIMEOUT_SECONDS
    program = soffice()
    if program is None:
        raise BulletinImportError(
            line=None,
            message=_(
                "Reading %(suffix)s files needs LibreOffice, which is not installed on this computer. "
                "Install the Debian package %(package)s (apt-get install %(package)s) and try again."
            )
            % {"suffix": suffix, "package": PACKAGE},
        )
    with tempfile.TemporaryDirectory(prefix="bulletin-office-") as tmp:
        folder = Path(tmp)
        source = folder / f"bulletin{suffix}"
        source.write_bytes(data)
        command = [
            program,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        process = subprocess.Popen(  # noqa: S603 (a fixed program and our own temporary paths)
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, "HOME": tmp},
        )
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise BulletinImportError(
                line=None,
                message=_(
                    "LibreOffice took longer than %(seconds)s seconds to open the file; it was stopped."
                )
                % {"seconds": f"{timeout:g}"},
            ) from None
        finally:
            # LibreOffice leaves helpers behind when it fails; they belong to its own session.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        result = folder / "out" / "bulletin.docx"
        if not result.is_file() or result.stat().st_size == 0:
            raise BulletinImportError(
                line=None,
                message=_(
                    "LibreOffice cannot read this %(suffix)s file: it is damaged, protected by a password or "
                    "not a Word or WPS document."
                )
                % {"suffix": suffix},
            )
        return result.read_bytes()


def read_office(*, data: bytes, suffix: str) -> SourceText:
    if not data:
        raise BulletinImportError(line=None, message=_("The file is empty."))
    converted = convert_to_docx(data=data, suffix=suffix)
    return read_docx(data=converted, label=LABELS.get(suffix, suffix))
