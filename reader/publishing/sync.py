"""From "what changed" (the page cache's version names) to files written and removed.

``plan(names)`` works out, with a few queries, which pages may show something that changed: pages
of public published issues and articles are rendered, those of anything else (recalled, internal,
deleted) removed. ``run(plan)`` renders each page as Django would now and writes it only when its
content changed, so unrelated files keep their dates (and nginx's ETags). One run at a time per
directory (a file lock): a run that starts later reads the database later, so the last one wins.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from . import files, pages
from .pages import Page

logger = logging.getLogger("reader.publishing")

LOCK_NAME = ".lock"
FAILURES_NAME = ".failures.json"

# Version names of this module only (the page cache's are site, catalogue, issue:…, article:…).
SECTION_PREFIX = "section:"
UNIT_PREFIX = "unit:"


def root() -> Path:
    return Path(settings.STATIC_PAGES_ROOT)


@dataclass
class Plan:
    render: set[Page] = field(default_factory=set)
    remove: set[Page] = field(default_factory=set)
    prune: bool = False  # remove every page file not in ``render`` (a full rebuild)

    def add_render(self, *items: Page) -> None:
        self.render.update(items)

    def add_remove(self, *items: Page) -> None:
        self.remove.update(items)


@dataclass
class Outcome:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # url -> reason

    def as_dict(self) -> dict:
        return {
            "written": len(self.written),
            "removed": len(self.removed),
            "unchanged": self.unchanged,
            "failed": len(self.failed),
        }


# --- Planning --------------------------------------------------------------------------------------


def _public_issues():
    from django.contrib.auth.models import AnonymousUser

    from bulletin.selectors import reader_issues

    return reader_issues(AnonymousUser())


def _public_articles():
    from django.contrib.auth.models import AnonymousUser

    from bulletin.selectors import articles_visible_to

    return articles_visible_to(AnonymousUser())


def _with_ancestors(unit_ids) -> set[int]:
    from contributors.models import Unit

    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    found: set[int] = set()
    for unit_id in unit_ids:
        while unit_id is not None and unit_id not in found and unit_id in parents:
            found.add(unit_id)
            unit_id = parents[unit_id]
    return found


def _lists_of_articles(plan: Plan, article_filter: dict) -> None:
    """Section and unit first pages listing any of the articles matched by ``article_filter``."""
    from articles.models import Article
    from bulletin.models import Section

    articles = Article.objects.filter(**article_filter)
    section_ids = set(articles.exclude(section=None).values_list("section_id", flat=True))
    for slug in Section.objects.filter(pk__in=section_ids).values_list("slug", flat=True):
        plan.add_render(pages.section_page(slug))
    unit_ids = set(
        Article.units.through.objects.filter(article__in=articles).values_list("unit_id", flat=True)
    )
    for unit_id in _with_ancestors(unit_ids):
        plan.add_render(pages.unit_page(unit_id))


def everything() -> Plan:
    """Every public page: the catalogue, each public issue with its downloads, each public article,
    the first page of every section and unit that lists one."""
    plan = Plan(prune=True)
    plan.add_render(*pages.catalogue_pages())
    for year, number in _public_issues().values_list("year", "number"):
        plan.add_render(*pages.issue_pages(year, number))
    articles = _public_articles()
    for pk in articles.values_list("pk", flat=True):
        plan.add_render(pages.article_page(pk))
    _lists_of_articles(plan, {"pk__in": articles.values("pk")})
    return plan


def plan_for(names) -> Plan:
    """The pages that may show what the version names ``names`` stand for (see reader/cache.py)."""
    from articles.models import Article
    from bulletin.models import Issue, Publication, Section
    from contributors.models import Unit
    from reader import cache as reader_cache

    names = set(names)
    if reader_cache.SITE in names:
        return everything()
    plan = Plan()
    issue_numbers: set[tuple[int, int]] = set()
    article_ids: set[int] = set()
    for name in names:
        kind, _, rest = name.partition(":")
        try:
            if kind == "issue":
                year, number = rest.split(":")
                issue_numbers.add((int(year), int(number)))
            elif kind == "article":
                article_ids.add(int(rest))
            elif name.startswith(SECTION_PREFIX):
                section = Section.objects.filter(pk=int(rest)).first()
                if section is not None:
                    plan.add_render(pages.section_page(section.slug))
            elif name.startswith(UNIT_PREFIX):
                unit = Unit.objects.filter(pk=int(rest)).first()
                if unit is not None:
                    plan.add_render(*(pages.unit_page(pk) for pk in _with_ancestors([unit.pk])))
        except ValueError:
            logger.warning("Static pages: ignoring the unknown version name %r", name)
    if names & {reader_cache.CATALOGUE} or issue_numbers or article_ids:
        # Home shows the latest issue in full; the feeds list the newest articles and issues.
        plan.add_render(*pages.catalogue_pages())
    if issue_numbers:
        public = set(_public_issues().values_list("year", "number"))
        for year, number in issue_numbers:
            issue_files = pages.issue_pages(year, number)
            if (year, number) in public:
                plan.add_render(*issue_files)
            else:  # recalled, internal, renumbered or deleted: its files go
                plan.add_remove(*issue_files, *_stale_exports(year, number))
        default = Publication.objects.order_by("-is_default", "pk").first()
        which = Q()
        for year, number in issue_numbers:
            which |= Q(year=year, number=number)
        _lists_of_articles(plan, {"issue__in": Issue.objects.filter(which, publication=default)})
    if article_ids:
        public = set(_public_articles().filter(pk__in=article_ids).values_list("pk", flat=True))
        for pk in article_ids:
            (plan.add_render if pk in public else plan.add_remove)(pages.article_page(pk))
        _lists_of_articles(plan, {"pk__in": article_ids})
    if names & {reader_cache.CATALOGUE} or any(n.startswith((SECTION_PREFIX, UNIT_PREFIX)) for n in names):
        _plan_orphans(plan, Article)
    plan.remove -= plan.render
    return plan


def _stale_exports(year: int, number: int) -> list[Page]:
    """Downloads of an issue in formats no longer written (so a recall removes every one of them)."""
    directory = root() / "issues" / str(year)
    if not directory.is_dir():
        return []
    return [
        Page(f"/issues/{year}/{path.name}")
        for path in directory.glob(f"{number}.*")
        if path.is_file() and not path.name.endswith(files.VARIANTS) and not path.name.startswith(".")
    ]


def _plan_orphans(plan: Plan, article_model) -> None:
    """Section and unit pages on disk whose section or unit no longer exists (renamed slug, deleted)."""
    from bulletin.models import Section
    from contributors.models import Unit

    sections_dir = root() / "sections"
    if sections_dir.is_dir():
        slugs = set(Section.objects.values_list("slug", flat=True))
        for child in sections_dir.iterdir():
            if child.is_dir() and child.name not in slugs:
                plan.add_remove(pages.section_page(child.name))
    units_dir = root() / "units"
    if units_dir.is_dir():
        unit_ids = set(Unit.objects.values_list("pk", flat=True))
        for child in units_dir.iterdir():
            if child.is_dir() and child.name.isdigit() and int(child.name) not in unit_ids:
                plan.add_remove(pages.unit_page(int(child.name)))


# --- Running ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def locked(directory: Path):
    """One run at a time on ``directory`` across processes (an advisory file lock)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / LOCK_NAME, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def page_files(directory: Path):
    """Every page file under ``directory`` (not the compressed variants, temporaries or state)."""
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            if name.startswith(".") or name.endswith(files.VARIANTS):
                continue
            yield Path(dirpath) / name


def page_of_file(directory: Path, path: Path) -> Page:
    relative = path.relative_to(directory).as_posix()
    if relative == "index.html":
        return Page("/")
    if relative.endswith(("/index.html", "/index.atom")):
        return Page("/" + relative.rsplit("/", 1)[0] + "/")
    return Page("/" + relative)


def _remove(directory: Path, page: Page, outcome: Outcome) -> None:
    path = directory / page.relpath
    if files.remove_page(path):
        outcome.removed.append(page.url)
        logger.info("Static pages: removed %s", page.url)
    files.prune_empty_dirs(path.parent, directory)


def write_if_changed(directory: Path, page: Page, content: bytes) -> bool:
    path = directory / page.relpath
    try:
        old = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        old = None
    variants_there = all(
        path.with_name(path.name + suffix).exists() for suffix in files.compressed_variants(path.name, b"")
    )
    if old is not None and variants_there and pages.same_content(path.name, old, content):
        return False
    files.write_page(path, content)
    return True


def run(plan: Plan) -> Outcome:
    """Carry ``plan`` out: render and write, remove; failures keep the old file and are recorded."""
    directory = root()
    outcome = Outcome()
    with locked(directory):
        failures = load_failures(directory)
        plan.render |= {Page(url) for url in failures}  # retry what failed before
        plan.remove -= plan.render
        for page in sorted(plan.remove):
            try:
                _remove(directory, page, outcome)
            except OSError as error:
                outcome.failed[page.url] = f"{type(error).__name__}: {error}"
        for page in sorted(plan.render):
            try:
                content = pages.render(page)
                if content is None:
                    _remove(directory, page, outcome)
                elif write_if_changed(directory, page, content):
                    outcome.written.append(page.url)
                else:
                    outcome.unchanged += 1
            except (pages.RenderError, OSError) as error:
                outcome.failed[page.url] = str(error)
                logger.error(
                    "Static pages: could not publish %s; the previous file stays. %s", page.url, error
                )
        if plan.prune:
            expected = {page.relpath for page in plan.render}
            for path in list(page_files(directory)):
                relative = path.relative_to(directory).as_posix()
                if relative not in expected:
                    _remove(directory, page_of_file(directory, path), outcome)
        save_failures(directory, failures, outcome)
    if outcome.written or outcome.removed or outcome.failed:
        logger.info("Static pages: %s", outcome.as_dict())
    return outcome


# --- Failures --------------------------------------------------------------------------------------


def load_failures(directory: Path | None = None) -> dict[str, dict]:
    """Pages whose last render failed: ``{url: {"error", "attempts", "since"}}``."""
    path = (directory or root()) / FAILURES_NAME
    try:
        data = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_failures(directory: Path, previous: dict, outcome: Outcome) -> None:
    now = timezone.now().isoformat(timespec="seconds")
    failures = {
        url: {
            "error": reason,
            "attempts": previous.get(url, {}).get("attempts", 0) + 1,
            "since": previous.get(url, {}).get("since", now),
        }
        for url, reason in outcome.failed.items()
    }
    if failures == previous:
        return
    path = directory / FAILURES_NAME
    try:
        if failures:
            files.write_page(path, json.dumps(failures, ensure_ascii=False, indent=1).encode())
        else:
            path.unlink(missing_ok=True)
    except OSError:
        logger.exception("Static pages: could not record the failed pages")
