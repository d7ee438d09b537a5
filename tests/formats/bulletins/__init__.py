"""Text bulletins written for the importer tests (invented content), and helpers to run the commands."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

BULLETINS = Path(__file__).resolve().parent


def sample_path() -> Path:
    """The real 2012 issue kept beside the project; read only, never copied."""
    return Path(settings.BASE_DIR).parent / "shared/samples/bulletin-2012-02.txt"


def bulletin(name: str) -> Path:
    return BULLETINS / name


def run_import(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_bulletin", *[str(arg) for arg in args], "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing_import(*args, progress: bool = False) -> tuple[str, str, CommandError]:
    out, err = StringIO(), StringIO()
    extra = ["--progress"] if progress else ["--no-progress"]
    with pytest.raises(CommandError) as error:
        call_command("import_bulletin", *[str(arg) for arg in args], *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), error.value


def run_export(*args) -> str:
    out = StringIO()
    call_command("export_issue", *[str(arg) for arg in args], stdout=out, stderr=StringIO())
    return out.getvalue()
