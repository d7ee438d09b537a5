"""The plain-text layout the archive uses, and that ``import_bulletin`` reads back."""

from __future__ import annotations

from bulletin.models import Issue

from . import ExportFormat
from .plaintext import TextArticle, TextIssue, build_text_issue

INDENT = "\u3000\u3000"


def _standard(article: TextArticle) -> list[str]:
    lines = [article.title, ""]
    paragraphs = list(article.paragraphs)
    if article.byline:
        if paragraphs:
            paragraphs[-1] += f"{INDENT}（{article.byline}）"
        else:
            paragraphs.append(f"（{article.byline}）")
    lines += [INDENT + paragraph for paragraph in paragraphs]
    return lines


def _brief(article: TextArticle) -> list[str]:
    """The lead sentence runs straight into the text: 标题。正文（单位）"""
    title = article.title.rstrip("。")
    attribution = f"（{article.byline}）" if article.byline else ""
    return [f"{INDENT}{title}。{''.join(article.paragraphs)}{attribution}"]


def render_text(*, document: TextIssue) -> str:
    lines = document.masthead_lines
    for section in document.sections:
        lines += ["", f"【{section.name}】", ""]
        for index, article in enumerate(section.articles):
            if section.is_briefs:
                lines += _brief(article)
            else:
                lines += ([""] if index else []) + _standard(article)
    if document.footer or document.copies:
        lines.append("")
    lines += [f"{label}{text}" for label, text in document.footer]
    if document.copies_line:
        lines.append(document.copies_line)
    return "\n".join(lines) + "\n"


def render(*, issue: Issue) -> bytes:
    return render_text(document=build_text_issue(issue=issue)).encode("utf-8")


FORMAT = ExportFormat(name="txt", content_type="text/plain; charset=utf-8", render=render, is_text=True)
