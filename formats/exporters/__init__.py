"""Whole-issue exports, one module per format, found by name.

Every module of this package that declares a format is picked up; nothing else has to change for
``export_issue --format NAME`` and ``/issues/<year>/<number>.NAME`` to serve it. A module declares
its format in one of two ways:

- ``FORMAT = ExportFormat(name=..., content_type=..., render=..., is_text=...)`` where ``render``
  is called as ``render(issue=issue)`` and returns bytes (``txt.py`` does this);
- module constants ``EXTENSION`` and ``CONTENT_TYPE`` and a function ``render(doc) -> bytes`` taking
  ``bulletin.document.issue_document(issue)`` (the PDF and Word modules do this).

A renderer that cannot make the file raises ``formats.exporters.errors.ExportError`` with a reason
a person can read; the download view answers 503 with it and ``export_issue`` prints it.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importable without Django: pdf_child.py runs in a process that has none
    from bulletin.models import Issue

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExportFormat:
    name: str  # as in --format and in the URL suffix: txt, pdf, docx
    content_type: str  # the HTTP Content-Type of the rendered bytes
    render: Callable[..., bytes]  # render(*, issue: Issue) -> bytes
    is_text: bool = False  # UTF-8 text (may go to a terminal) rather than binary

    def filename(self, *, issue: Issue) -> str:
        """An ASCII download name: ``gonghui-gongzuo-jianbao-2012-02.txt``."""
        return f"{issue.publication.slug}-{issue.year}-{issue.number:02d}.{self.name}"


def _from_document_module(module: ModuleType) -> ExportFormat:
    def render(*, issue: Issue) -> bytes:
        from bulletin.document import issue_document

        return module.render(issue_document(issue))

    return ExportFormat(
        name=module.EXTENSION,
        content_type=module.CONTENT_TYPE,
        render=render,
        is_text=module.CONTENT_TYPE.startswith("text/"),
    )


def _declared_format(module: ModuleType) -> ExportFormat | None:
    declared = getattr(module, "FORMAT", None)
    if isinstance(declared, ExportFormat):
        return declared
    if all(hasattr(module, name) for name in ("EXTENSION", "CONTENT_TYPE", "render")):
        return _from_document_module(module)
    return None


@cache
def available_formats() -> dict[str, ExportFormat]:
    """Every format declared in this package, by name. A module that fails to import is left out
    (and logged) rather than taking the other formats down with it."""
    formats: dict[str, ExportFormat] = {}
    for module_info in pkgutil.iter_modules(__path__):
        try:
            module = importlib.import_module(f"{__name__}.{module_info.name}")
        except ImportError:
            logger.exception("Export module %s could not be imported", module_info.name)
            continue
        declared = _declared_format(module)
        if declared is not None:
            formats[declared.name] = declared
    return dict(sorted(formats.items()))


def get_format(name: str) -> ExportFormat | None:
    return available_formats().get(name)


def export_errors() -> tuple[type[Exception], ...]:
    """The exceptions a renderer raises when it cannot make the file (a reason for a person)."""
    try:
        from .errors import ExportError
    except ImportError:
        return ()
    return (ExportError,)


def export_issue(*, issue: Issue, format_name: str) -> bytes:
    """The issue rendered in ``format_name``; ``KeyError`` for a format that does not exist."""
    return available_formats()[format_name].render(issue=issue)
