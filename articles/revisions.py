"""A readable diff between two revisions of an article: paragraph by paragraph, and within a changed
paragraph character by character (Chinese has no spaces to split words on)."""

from difflib import SequenceMatcher

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .text import plain_text


def _inline(old: str, new: str) -> str:
    parts = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
        if op in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", old[a1:a2]))
        if op in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", new[b1:b2]))
    return "".join(parts)


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """``[(kind, html)]`` with kind one of same/changed/removed/added, html already escaped."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    rows = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [("same", escape(line)) for line in old_lines[a1:a2]]
        elif op == "replace" and a2 - a1 == b2 - b1:
            rows += [
                ("changed", _inline(o, n)) for o, n in zip(old_lines[a1:a2], new_lines[b1:b2], strict=True)
            ]
        else:
            rows += [("removed", escape(line)) for line in old_lines[a1:a2]]
            rows += [("added", escape(line)) for line in new_lines[b1:b2]]
    return [(kind, mark_safe(html)) for kind, html in rows]  # noqa: S308 (every piece escaped above)


def revision_diff(old, new) -> dict:
    """The title and body differences between two revisions (``old`` before ``new``)."""
    return {
        "title": diff_lines(old.data.get("title", ""), new.data.get("title", "")),
        "byline": diff_lines(old.data.get("byline", ""), new.data.get("byline", "")),
        "body": diff_lines(plain_text(old.data.get("body", "")), plain_text(new.data.get("body", ""))),
    }


def office_changes(article) -> dict | None:
    """What the editorial office changed after the article was last submitted: the diff between the
    revision saved when it was submitted and the text now (``revision_diff``'s shape, plus
    ``changed``). None when it was never submitted through the system (imported archive articles) or
    no revision of that time is kept."""
    from .models import ArticleAction, ArticleRevision

    submitted = (
        article.transitions.filter(action=ArticleAction.SUBMIT)
        .order_by("-created", "-pk")
        .values("created")
        .first()
    )
    if submitted is None:
        return None
    old = (
        ArticleRevision.objects.filter(article=article, created__lte=submitted["created"])
        .order_by("-number", "-pk")
        .first()
    )
    if old is None:
        return None

    class Current:
        data = {"title": article.title, "byline": article.byline, "body": article.body}

    diff = revision_diff(old, Current)
    diff["changed"] = any(
        kind != "same" for part in ("title", "byline", "body") for kind, _html in diff[part]
    )
    return diff
