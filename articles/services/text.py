"""An article's text: creation, edits refused on a conflict, revisions and their restoring, notes."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contributors.permissions import unit_scope
from contributors.roles import has_role

from ..models import Article, ArticleComment, ArticleRevision
from ..sanitize import sanitize_html
from ..text import body_blocks, body_too_long
from .errors import EditConflict, WorkflowError
from .rules import TEXT_FIELDS, WRITERS, S, _check_scope, article_unit_ids, edit_problem
from .transitions import STATE_FIELDS, _locked, _refresh

# --- Text: creation, edits with conflict detection, revisions, notes -----------------------------------


def snapshot(article: Article, unit_ids=None) -> dict:
    return {
        "title": article.title,
        "body": article.body,
        "byline": article.byline,
        "units": sorted(unit_ids if unit_ids is not None else article_unit_ids(article)),
    }


def _record_revision(article: Article, actor, unit_ids, restored_from=None) -> ArticleRevision:
    return ArticleRevision.objects.create(
        article=article,
        number=article.version,
        author=actor if getattr(actor, "pk", None) else None,
        data=snapshot(article, unit_ids),
        restored_from=restored_from,
    )


def _allowed_units(actor, units) -> list:
    """The units a new article is attributed to: as chosen, within the actor's scope; a correspondent
    who chose none gets their own unit."""
    units = list(units or [])
    scope = unit_scope(actor)
    if scope is not None:
        outside = [unit for unit in units if unit.pk not in scope]
        if outside:
            raise WorkflowError(
                _("You cannot write for %(units)s.") % {"units": "、".join(unit.name for unit in outside)}
            )
        if not units:
            staff = getattr(actor, "staff", None)
            if staff is None:
                raise WorkflowError(_("Your account is not linked to a unit; ask the editorial office."))
            units = [staff.unit]
    return units


def _check_body(body: str) -> None:
    problem = body_too_long(body)
    if problem:
        raise WorkflowError(problem)


def article_create(*, actor, title: str, body: str = "", byline: str = "", units=()) -> Article:
    """A new draft written by ``actor``, attributed to ``units`` (a correspondent's own unit by default).
    Stores revision 1. A body over the size limit (``articles.text``) is refused."""
    if not has_role(actor, *WRITERS):
        raise WorkflowError(_("You may not write articles."))
    _check_body(body)
    body = sanitize_html(body)
    _check_body(body)
    units = _allowed_units(actor, units)
    with transaction.atomic():
        article = Article(title=title, body=body, byline=byline, author=actor, status=S.DRAFT)
        article.full_clean(exclude=["units"])
        article.save()
        article.units.set(units)
        _record_revision(article, actor, [unit.pk for unit in units])
    return article


def edit_conflict(locked: Article) -> EditConflict:
    """The refusal of a save over a newer one, naming who saved it and when."""
    revision = locked.revisions.filter(number=locked.version).select_related("author").first()
    who = revision.author if revision and revision.author else None
    name = (who.get_full_name() or who.get_username()) if who else _("Somebody")
    when = timezone.localtime(revision.created if revision else locked.updated)
    return EditConflict(
        _(
            "%(name)s saved this article at %(time)s while you were editing it, so your changes were "
            "not saved. Your text is kept in the form: compare it with the saved version below and save again."
        )
        % {"name": name, "time": when.strftime("%Y-%m-%d %H:%M:%S")},
        saved_by=who,
        current=locked,
    )


def article_update(
    *, article: Article, actor, data: dict, base_version: int | None = None, restored_from=None
) -> Article:
    """Change an article's title, body, byline and units. ``base_version`` is the version the editor
    started from; if somebody saved in between, :class:`EditConflict` names them and nothing is
    saved. A save that changes anything bumps the version and stores a revision."""
    _check_scope(article, actor)
    unknown = set(data) - {*TEXT_FIELDS, "units"}
    if unknown:
        raise ValueError(f"article_update cannot change {sorted(unknown)}")
    if "body" in data:
        _check_body(data["body"])
    with transaction.atomic():
        locked = _locked(article)
        problem = edit_problem(locked, actor)
        if problem:
            raise WorkflowError(problem)
        if base_version is not None and base_version != locked.version:
            raise edit_conflict(locked)
        old_units = article_unit_ids(locked)
        unit_ids = old_units
        if "units" in data:
            units = _allowed_units(actor, data["units"])
            unit_ids = {unit.pk for unit in units}
        before = {field: getattr(locked, field) for field in TEXT_FIELDS}
        for field in TEXT_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        locked.full_clean(exclude=["units"])  # normalises the title and the byline
        locked.body = sanitize_html(locked.body)  # as save() would: compare what would be stored
        if "body" in data:
            _check_body(locked.body)
        after = {field: getattr(locked, field) for field in TEXT_FIELDS}
        if before != after or unit_ids != old_units:
            locked.version += 1
            locked.save(update_fields=[*TEXT_FIELDS, "version", "updated"])
            if unit_ids != old_units:
                locked.units.set(unit_ids)
            _record_revision(locked, actor, unit_ids, restored_from=restored_from)
    _refresh(article, locked, [*TEXT_FIELDS, *STATE_FIELDS])
    return article


def article_restore_revision(*, article: Article, actor, revision: ArticleRevision) -> Article:
    """Bring back an old revision's title, body and byline; the restore is itself a new revision."""
    if revision.article_id != article.pk:
        raise WorkflowError(_("That revision belongs to another article."))
    data = {field: revision.data.get(field, "") for field in TEXT_FIELDS}
    return article_update(article=article, actor=actor, data=data, restored_from=revision)


def article_comment(*, article: Article, actor, text: str, paragraph: int | None = None) -> ArticleComment:
    """Leave an editorial note on an article (the office and the unit's correspondents), on the whole
    article or on one paragraph (the index of a top-level block of the body as it is now). The note
    keeps the version it was written on, so it stays beside the text it concerns."""
    _check_scope(article, actor)
    if not has_role(actor, *WRITERS):
        raise WorkflowError(_("You may not leave notes on articles."))
    text = (text or "").strip()
    if not text:
        raise WorkflowError(_("A note cannot be empty."))
    if "\x00" in text:
        raise WorkflowError(_("The note contains a character that cannot be stored (NUL); remove it."))
    if paragraph is not None and not 0 <= paragraph < len(body_blocks(article.body)):
        raise WorkflowError(_("That paragraph is not in the article (any more); reload the page."))
    return ArticleComment.objects.create(
        article=article, author=actor, text=text, paragraph=paragraph, version=article.version
    )
