"""``ParsedBulletin`` → database rows: the issue, its sections, articles, units and footer lines.

Call inside ``transaction.atomic()``: on any error nothing written here may stay. Archive issues are
created directly in their final state (published as of their date) — they went through no workflow.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.models import Article, normalize_title
from articles.sanitize import sanitize_html
from articles.search.index import refresh_articles as refresh_search_articles
from articles.text import body_too_long
from bulletin.models import Issue, Publication, Section, Visibility
from contributors import activity
from contributors.models import Unit
from distribution.models import IssueLine, LineKind, RecipientGroup

from .attribution import guess_kind, guess_parent
from .directory import Directory
from .errors import BulletinImportError
from .identity import IssueIdentity, resolve_identity
from .masthead import mark_words, same_title
from .structure import COPY, DISTRIBUTE, REPORT, Notice, ParsedArticle, ParsedBulletin

LINE_KINDS = {REPORT: LineKind.REPORT, DISTRIBUTE: LineKind.DISTRIBUTE, COPY: LineKind.COPY}
_GROUP_SEPARATORS = "、，,；; \u3000"


@dataclass(frozen=True)
class ImportOptions:
    # The publication to import into; unless ``publication_chosen`` (--publication), a masthead
    # printing another publication's title goes to that publication.
    publication: Publication
    publication_chosen: bool = False
    year: int | None = None
    number: int | None = None
    date: datetime.date | None = None
    draft: bool = False
    replace: bool = False


@dataclass
class LoadResult:
    label: str
    issue_id: int
    articles: int
    new_units: list[str] = field(default_factory=list)
    new_sections: list[str] = field(default_factory=list)
    former_names: dict[str, str] = field(default_factory=dict)  # former name met → today's unit
    replaced: bool = False
    warnings: list[Notice] = field(default_factory=list)
    # Imported as internal (内部资料): for registered readers only. ``marks`` are the words printed
    # above the masthead that made it so (empty when the publication's default did).
    internal: bool = False
    marks: list[str] = field(default_factory=list)


def midnight(day: datetime.date) -> datetime.datetime:
    """00:00 of ``day`` in the office's time zone (Asia/Shanghai)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def paragraphs_to_html(paragraphs: Iterable[str]) -> str:
    return "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def _check_length(*, value: str, limit: int, line: int, what: str) -> None:
    if len(value) > limit:
        raise BulletinImportError(
            line=line,
            message=_("%(what)s is longer than %(limit)s characters: %(value)s")
            % {"what": what, "limit": limit, "value": value[:40] + "…"},
        )


def _choose_publication(
    *, parsed: ParsedBulletin, options: ImportOptions, warnings: list[Notice]
) -> Publication:
    """The publication whose title the masthead prints: the chosen one when it is that, or when
    --publication chose it (with a warning), else the one publication of that title."""
    chosen = options.publication
    masthead = parsed.masthead
    if masthead is None or not masthead.title or same_title(masthead.title, chosen.title):
        return chosen
    if options.publication_chosen:
        warnings.append(
            Notice(
                line=masthead.line,
                message=_("The masthead title %(found)s differs from the publication %(title)s.")
                % {"found": masthead.title, "title": chosen.title},
            )
        )
        return chosen
    publications = list(Publication.objects.order_by("title", "slug"))
    matching = [publication for publication in publications if same_title(publication.title, masthead.title)]
    if len(matching) == 1:
        return matching[0]
    listed = "、".join(
        f"{publication.title}（{publication.slug}）" for publication in matching or publications
    )
    if matching:
        message = _(
            "Several publications are titled %(title)s, as the masthead is: %(publications)s. Choose one with --publication SLUG."
        )
    else:
        message = _(
            "The masthead prints the title %(title)s, which no publication has. Choose the publication with --publication SLUG (publications: %(publications)s)."
        )
    raise BulletinImportError(
        line=masthead.line, message=message % {"title": masthead.title, "publications": listed}
    )


def join_messages(messages: list[str]) -> str:
    """Several problems as one message, joined like the items of one (with ；): each but the last
    without its full stop."""
    return _("; ").join([message.rstrip("。.") for message in messages[:-1]] + messages[-1:])


def _identify(
    *, parsed: ParsedBulletin, options: ImportOptions, warnings: list[Notice]
) -> tuple[Publication, IssueIdentity]:
    """Publication and identity, with every problem of either reported in one error."""
    problems: list[BulletinImportError] = []
    publication = identity = None
    try:
        publication = _choose_publication(parsed=parsed, options=options, warnings=warnings)
    except BulletinImportError as error:
        problems.append(error)
    try:
        identity = resolve_identity(
            masthead=parsed.masthead,
            file_name=parsed.file_name,
            year=options.year,
            number=options.number,
            date=options.date,
            warnings=warnings,
        )
    except BulletinImportError as error:
        problems.append(error)
    if problems:
        raise BulletinImportError(line=problems[0].line, message=join_messages([p.message for p in problems]))
    return publication, identity


def _masthead_warnings(*, parsed: ParsedBulletin, publication: Publication, warnings: list[Notice]) -> None:
    masthead = parsed.masthead
    if masthead is None:
        return
    if masthead.editor_unit and masthead.editor_unit != publication.editing_unit:
        warnings.append(
            Notice(
                line=masthead.line,
                message=_("The masthead names %(found)s as editor; the publication says %(unit)s.")
                % {"found": masthead.editor_unit, "unit": publication.editing_unit},
            )
        )


def article_html(article: ParsedArticle) -> str:
    """The body: the subtitle (——记…) first, centred as printed, then the paragraphs. The article has
    no subtitle field; a centred first line is what every exporter already reproduces."""
    body = paragraphs_to_html(article.paragraphs)
    if article.subtitle:
        body = f'<p class="text-align-center">{escape(article.subtitle)}</p>\n{body}'
    return body


def fits(printed: str, limit: int) -> str:
    """A printed form too long for its column (spaces strewn through it) is not kept: the usual form
    is printed instead."""
    return printed if len(printed) <= limit else ""


def printed_masthead(
    *, parsed: ParsedBulletin, identity: IssueIdentity, publication: Publication
) -> list[str]:
    """The masthead lines to keep as printed, marks included, in order. Kept only when the issue is
    filed as the masthead states it (no option or file name put another number, date, running number
    or year in its place): a printed form that no longer names the issue is not kept. What the
    masthead lacks and the file name or an option gave is added in the usual form, so that the
    masthead still names the issue: the title after the marks, 第N期 after the title, the date last."""
    masthead = parsed.masthead
    if masthead is None or not masthead.printed:
        return []
    stated = (
        (masthead.number, identity.number),
        (masthead.date, identity.date),
        (masthead.total_number, identity.total_number),
        (masthead.year, identity.year),
    )
    if any(found is not None and found != kept for found, kept in stated):
        return []
    lines = list(masthead.printed)
    if masthead.title:
        title = next(
            (
                index
                for index, line in enumerate(lines)
                if "".join(masthead.title.split()) in "".join(line.split())
            ),
            None,
        )
    else:
        title = None
    if title is None:
        title = next((index for index, line in enumerate(lines) if mark_words(line) is None), len(lines))
        lines.insert(title, publication.title)
    if masthead.number is None:
        lines.insert(title + 1, f"第{identity.number}期")
    if masthead.date is None:
        lines.append(f"{identity.date.year}年{identity.date.month}月{identity.date.day}日")
    return lines


def _clear_existing(*, identity: IssueIdentity, publication: Publication, options: ImportOptions) -> bool:
    """Refuse a duplicate, or delete it for ``--replace``. Returns whether an issue was replaced."""
    existing = Issue.objects.filter(
        publication=publication, year=identity.year, number=identity.number
    ).first()
    if existing is not None and not options.replace:
        raise BulletinImportError(
            line=identity.line,
            message=_(
                "Issue %(label)s already exists, so this file was not imported. Use --replace to replace it."
            )
            % {"label": existing.label},
        )
    if identity.total_number:
        clash = Issue.objects.filter(publication=publication, total_number=identity.total_number)
        if existing is not None:
            clash = clash.exclude(pk=existing.pk)
        if clash.exists():
            raise BulletinImportError(
                line=identity.line,
                message=_("总第%(total)s期 is already taken by issue %(label)s.")
                % {"total": identity.total_number, "label": clash.first().label},
            )
    if existing is None:
        return False
    try:
        Article.objects.filter(issue=existing).delete()
        existing.delete()
    except ProtectedError:
        raise BulletinImportError(
            line=identity.line,
            message=_("Issue %(label)s cannot be replaced: other records still refer to it.")
            % {"label": existing.label},
        ) from None
    return True


class _Sections:
    """Sections by name. A new one goes right after the section before it in the file (so after the
    known ones that precede it), keeping the file's order in every export."""

    def __init__(self, *, directory: Directory):
        self.directory = directory
        self.by_name = directory.sections
        self.created: list[str] = []
        self.previous: Section | None = None

    def _position_after(self, previous: Section | None) -> int:
        floor = previous.position if previous else 0
        following = sorted(s.position for s in self.by_name.values() if s.position > floor)
        if not following:
            return floor + 10
        if following[0] - floor >= 2:
            return floor + (following[0] - floor) // 2
        for section in sorted(self.by_name.values(), key=lambda s: s.position, reverse=True):
            if section.position > floor:
                section.position += 10
                section.save(update_fields=["position"])
        return floor + 5

    def _slug(self) -> str:
        taken = set(Section.objects.values_list("slug", flat=True))
        number = len(taken) + 1
        while f"section-{number}" in taken:
            number += 1
        return f"section-{number}"

    def get(self, *, name: str, layout: str, line: int, warnings: list[Notice]) -> Section:
        section = self.by_name.get(name)
        if section is None:
            _check_length(
                value=name,
                limit=Section._meta.get_field("name").max_length,
                line=line,
                what=_("Section name"),
            )
            section = Section.objects.create(
                name=name, slug=self._slug(), position=self._position_after(self.previous), layout=layout
            )
            self.directory.add_section(section)
            self.created.append(name)
            warnings.append(
                Notice(
                    line=line,
                    message=_("The section %(name)s is new; it was created after the sections before it.")
                    % {"name": name},
                )
            )
        elif self.previous is not None and (section.position, section.pk) < (
            self.previous.position,
            self.previous.pk,
        ):
            warnings.append(
                Notice(
                    line=line,
                    message=_(
                        "The section %(name)s comes before %(previous)s in the section list; exports follow that order."
                    )
                    % {"name": name, "previous": self.previous.name},
                )
            )
        self.previous = section
        return section


class _Units:
    """Units by the names printed in attributions. A former name (曾用名) leads to today's unit; the
    article keeps its byline as printed. A name nobody has becomes a new unit, marked for an editor
    to check (the desk's 新建待核对 list suggests the units it may be)."""

    def __init__(self, *, directory: Directory, warnings: list[Notice]):
        self.directory = directory
        self.by_name = directory.units
        self.warnings = warnings
        self.created: list[str] = []
        self.linked: dict[str, str] = {}  # former name → today's name, as met in this file

    def get(self, *, name: str, line: int) -> int:
        pk = self.directory.unit_for(name)
        if pk is not None:
            if name in self.directory.former_names and name not in self.by_name and name not in self.linked:
                self.linked[name] = self.directory.current_name(pk)
                self.warnings.append(
                    Notice(
                        line=line,
                        message=_("%(old)s is a former name of %(unit)s; its articles count for %(unit)s.")
                        % {"old": name, "unit": self.linked[name]},
                    )
                )
            return pk
        _check_length(
            value=name, limit=Unit._meta.get_field("name").max_length, line=line, what=_("Unit name")
        )
        parent = guess_parent(name, known=self.by_name.keys())
        unit = Unit.objects.create(
            name=name,
            kind=guess_kind(name),
            parent_id=self.by_name[parent] if parent else None,
            needs_review=True,
        )
        self.directory.add_unit(name=name, pk=unit.pk)
        self.created.append(name)
        return unit.pk


def match_groups(*, text: str, groups: Iterable[RecipientGroup]) -> list[RecipientGroup]:
    """The recipient groups named in a footer line. Names contain 、 themselves (各市（县）、区、局（公司）
    工会), so the line is never split: each name must appear whole, between separators."""
    found, taken = [], [False] * len(text)
    for group in sorted(groups, key=lambda g: len(g.name), reverse=True):
        pattern = rf"(?:^|(?<=[{_GROUP_SEPARATORS}])){re.escape(group.name)}(?=$|[{_GROUP_SEPARATORS}])"
        for hit in re.finditer(pattern, text):
            if not any(taken[hit.start() : hit.end()]):
                taken[hit.start() : hit.end()] = [True] * (hit.end() - hit.start())
                found.append(group)
                break
    return found


def _footer_lines(*, issue: Issue, parsed: ParsedBulletin, groups: list[RecipientGroup]) -> None:
    limit = IssueLine._meta.get_field("text").max_length
    label_limit = IssueLine._meta.get_field("printed_label").max_length
    for footer in parsed.footer.values():
        _check_length(value=footer.text, limit=limit, line=footer.line, what=_("Footer line"))
    lines = IssueLine.objects.bulk_create(
        [
            IssueLine(
                issue=issue,
                kind=LINE_KINDS[kind],
                text=footer.text,
                printed_label=fits(footer.label, label_limit),
            )
            for kind, footer in parsed.footer.items()
        ]
    )
    Through = IssueLine.groups.through
    Through.objects.bulk_create(
        [
            Through(issueline_id=line.pk, recipientgroup_id=group.pk)
            for line in lines
            for group in match_groups(text=line.text, groups=groups)
        ]
    )


def load_bulletin(
    *, parsed: ParsedBulletin, options: ImportOptions, directory: Directory | None = None
) -> LoadResult:
    """Write one parsed bulletin. Raises ``BulletinImportError`` naming the line of any problem.
    ``directory`` caches name lookups across the files of a batch (see ``directory.py``)."""
    directory = (directory or Directory()).ready()
    warnings = list(parsed.warnings)
    publication, identity = _identify(parsed=parsed, options=options, warnings=warnings)
    _masthead_warnings(parsed=parsed, publication=publication, warnings=warnings)
    replaced = _clear_existing(identity=identity, publication=publication, options=options)
    internal = parsed.masthead is not None and parsed.masthead.internal

    published_at = None if options.draft else midnight(identity.date)
    issue = Issue.objects.create(
        publication=publication,
        year=identity.year,
        number=identity.number,
        total_number=identity.total_number,
        issue_date=identity.date,
        status=Issue.Status.DRAFTING if options.draft else Issue.Status.PUBLISHED,
        # 内部资料 above the masthead: internal, whatever the publication's default.
        visibility=Visibility.INTERNAL if internal else publication.default_visibility,
        copies=parsed.copies,
        published_at=published_at,
        printed_masthead=printed_masthead(parsed=parsed, identity=identity, publication=publication),
        printed_copies=fits(parsed.copies_printed, Issue._meta.get_field("printed_copies").max_length),
    )
    sections, units = _Sections(directory=directory), _Units(directory=directory, warnings=warnings)
    title_limit = Article._meta.get_field("title").max_length
    byline_limit = Article._meta.get_field("byline").max_length
    articles, unit_ids = [], []
    positions: dict[int, int] = {}
    for parsed_section in parsed.sections:
        section = sections.get(
            name=parsed_section.name,
            layout=parsed_section.layout,
            line=parsed_section.line,
            warnings=warnings,
        )
        # A heading repeated further down the file continues its section's numbering.
        start = positions.get(section.pk, 0)
        positions[section.pk] = start + len(parsed_section.articles)
        for position, parsed_article in enumerate(parsed_section.articles, start=start + 1):
            title = normalize_title(parsed_article.title)
            _check_length(value=title, limit=title_limit, line=parsed_article.line, what=_("Title"))
            byline = parsed_article.byline or ""
            _check_length(value=byline, limit=byline_limit, line=parsed_article.line, what=_("Attribution"))
            # Checked before and after sanitising: an oversized body is refused before it is parsed.
            body = article_html(parsed_article)
            problem = body_too_long(body)
            if not problem:
                body = sanitize_html(body)
                problem = body_too_long(body)
            if problem:
                raise BulletinImportError(
                    line=parsed_article.line,
                    message=_("The article “%(title)s” is too long: %(problem)s")
                    % {"title": title[:40], "problem": problem},
                )
            articles.append(
                Article(
                    title=title,
                    # bulk_create skips save(): sanitise and normalise here exactly as save() does.
                    body=body,
                    issue=issue,
                    section=section,
                    position=position,
                    byline=byline,
                    status=Article.Status.ACCEPTED if options.draft else Article.Status.PUBLISHED,
                    published_at=published_at,
                    accepted_at=published_at,
                )
            )
            unit_ids.append([units.get(name=name, line=parsed_article.line) for name in parsed_article.units])
    Article.objects.bulk_create(articles)
    Through = Article.units.through
    Through.objects.bulk_create(
        [
            Through(article_id=article.pk, unit_id=unit_id)
            for article, ids in zip(articles, unit_ids, strict=True)
            for unit_id in dict.fromkeys(ids)
        ]
    )
    # bulk_create sends no signals: write the statistics events of the new articles here, and put
    # their unit names into their search text.
    activity.refresh([article.pk for article in articles])
    refresh_search_articles(Article, [article.pk for article in articles])
    _footer_lines(issue=issue, parsed=parsed, groups=directory.groups)
    return LoadResult(
        label=issue.label,
        issue_id=issue.pk,
        articles=len(articles),
        new_units=units.created,
        new_sections=sections.created,
        former_names=units.linked,
        replaced=replaced,
        warnings=warnings,
        internal=issue.visibility == Visibility.INTERNAL,
        marks=list(parsed.masthead.marks) if internal else [],
    )
