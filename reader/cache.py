"""The reader-site page cache: versioned keys, exact invalidation, no SQL on a hit.

Every cached page depends on a few *version names* that can be worked out from its URL alone:

    site                      everything (bumped when a publication changes: masthead, default)
    catalogue                 which issues exist and their labels (bumped on any issue change)
    issue:<year>:<number>     one issue page: the issue, its articles, sections, footer lines
    article:<pk>              one article page: the article, its issue, section, neighbours, units

Each name maps to a random token in the cache. A page is stored under a key made of its path, the
audience (public or member), the host, the code version and the current tokens of its names, so a
bump of any token makes the old entries unreachable: nothing has to be found and deleted, and it
works across processes because the cache is shared: Redis, or in production without ``CACHE_URL`` the
file cache under ``VAR_DIR`` (config/settings.py). LocMem, where each process has its own cache and
another process could serve a page for up to ``READER_CACHE_TIMEOUT`` seconds after it changed, is for
development and tests only; ``check --deploy`` refuses it with DEBUG off (config/checks.py).

Tokens are read *before* the database, and writers bump them *after* commit, so a page rendered
from old data can only ever be stored under tokens that are already dead.

Invalidation is wired to model signals (the one use of signals the house style allows). Code that
changes rows without signals (``QuerySet.update``, raw SQL) calls ``invalidate_issue(issue)``,
``invalidate_article(article)`` or ``invalidate_everything()`` afterwards.
"""

import hashlib
import logging
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.dummy import DummyCache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.dispatch import Signal

logger = logging.getLogger(__name__)

SITE = "site"
CATALOGUE = "catalogue"
# The list pages (archive, section and unit pages): any change to what readers see bumps it.
LISTINGS = "listings"
_VERSION_PREFIX = "reader:v:"
# ``names_bumped(sender=None, names)``: after a commit, the version names whose pages just changed
# (static publishing rewrites or removes their files). Receivers must not raise.
names_bumped = Signal()
_CHUNK = 500


def issue_name(year, number) -> str:
    return f"issue:{year}:{number}"


def article_name(pk) -> str:
    return f"article:{pk}"


def page_timeout() -> int:
    return getattr(settings, "READER_CACHE_TIMEOUT", 600)


def _code_version() -> str:
    """A digest of the templates and static files the cached pages are made of: a deploy that changes
    them starts from fresh keys, even with a cache shared between old and new processes."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    patterns = [
        "templates/base.html",
        "templates/jinja2/**/*.html",
        "templates/reader/**/*.html",
        "templates/formats/**/*.html",  # the PDF download
        "static/css/**/*.css",
        "reader/templatetags/*.py",
        "reader/jinja.py",
        "reader/views.py",
        "reader/feeds.py",
        "bulletin/selectors.py",
        "bulletin/document.py",  # what the downloads are made of
        "formats/urls.py",  # which downloads the issue pages link
        "formats/exporters/*.py",
    ]
    for pattern in patterns:
        for path in sorted(base.glob(pattern)):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


CODE_VERSION = _code_version()


def _new_token() -> str:
    return uuid.uuid4().hex[:12]


# --- Reading -----------------------------------------------------------------------------------------


def tokens(names) -> dict[str, str]:
    """The current token of each version name, creating the missing ones."""
    names = list(dict.fromkeys(names))
    keys = {_VERSION_PREFIX + name: name for name in names}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    if missing:
        created = {key: _new_token() for key in missing}
        for key, token in created.items():
            cache.add(key, token, timeout=None)
        found.update(cache.get_many(missing))
        # A cache that keeps nothing (DummyCache): this request's own tokens, so a page is never
        # served from it and every name still has a version.
        for key in missing:
            found.setdefault(key, created[key])
    return {keys[key]: value for key, value in found.items()}


def page_key(*, path: str, host: str, audience: str, language: str, versions: dict[str, str]) -> str:
    """The cache key of one rendering of a page; short and safe for every backend."""
    raw = "|".join(
        [
            CODE_VERSION,
            language,
            audience,
            host,
            path,
            *(f"{name}={versions[name]}" for name in sorted(versions)),
        ]
    )
    return "reader:page:" + hashlib.sha256(raw.encode()).hexdigest()


def keeps_pages() -> bool:
    """False for a cache that keeps nothing (``CACHE_URL=dummy://``): no page can come from it and
    its versions would be new on every request, so the reader pages are rendered without it."""
    # ``cache`` is Django's proxy of the default cache, or a backend put in its place (tests).
    backend = cache if isinstance(cache, BaseCache) else caches[DEFAULT_CACHE_ALIAS]
    return not isinstance(backend, DummyCache)


def get_entry(key: str):
    return cache.get(key)


def set_entry(key: str, value, timeout: int | None = None) -> None:
    cache.set(key, value, page_timeout() if timeout is None else timeout)


# --- Bumping -----------------------------------------------------------------------------------------


def bump(names) -> None:
    """Give each version name a new token now."""
    names = list(dict.fromkeys(names))
    for start in range(0, len(names), _CHUNK):
        chunk = names[start : start + _CHUNK]
        cache.set_many({_VERSION_PREFIX + name: _new_token() for name in chunk}, timeout=None)


class _Pending(threading.local):
    def __init__(self):
        self.items: set[tuple[str, object]] = set()
        self.owner = None


_pending = _Pending()


def _schedule(now: set[str], later: set[tuple[str, object]]) -> None:
    """Bump ``now`` at once (names known without a query), and after commit bump ``now`` again plus
    whatever ``later`` resolves to: one flush per transaction however many rows changed."""
    if now:
        _bump_quietly(now)
    # Items left over from a transaction that rolled back belong to nobody: drop them.
    owner = connection.atomic_blocks[0] if connection.in_atomic_block else None
    if _pending.owner is not owner:
        _pending.items, _pending.owner = set(), owner
    _pending.items |= {("name", name) for name in now} | later
    # Every change registers the flush; the first one to run does the work, the rest find nothing.
    transaction.on_commit(_flush, robust=True)


def _bump_quietly(names) -> None:
    try:
        bump(names)
    except Exception:  # the cache being down must not fail a write
        logger.exception("Could not invalidate reader pages %s", sorted(names)[:10])


def _flush() -> None:
    """Resolve the pending changes to version names (a few queries) and bump them."""
    items, _pending.items = _pending.items, set()
    if not items:
        return
    from articles.models import Article
    from bulletin.models import Issue

    names: set[str] = set()
    by_kind: dict[str, set] = {}
    for kind, value in items:
        if kind == "name":
            names.add(value)
        elif value is not None:
            by_kind.setdefault(kind, set()).add(value)
    issue_ids = set(by_kind.get("issue", ()))  # the issue page and all its article pages
    page_ids = set(by_kind.get("issue-page", ()))  # the issue page only (footer lines)
    if by_kind.get("section"):
        issue_ids |= set(
            Article.objects.filter(section_id__in=by_kind["section"], issue__isnull=False)
            .values_list("issue_id", flat=True)
            .distinct()
        )
    if by_kind.get("group"):
        page_ids |= set(
            Issue.objects.filter(distribution_lines__groups__in=by_kind["group"])
            .values_list("pk", flat=True)
            .distinct()
        )
    article_ids = set()
    if by_kind.get("unit"):
        article_ids |= set(Article.objects.filter(units__in=by_kind["unit"]).values_list("pk", flat=True))
    if issue_ids:
        article_ids |= set(Article.objects.filter(issue_id__in=issue_ids).values_list("pk", flat=True))
    names |= {article_name(pk) for pk in article_ids}
    if issue_ids | page_ids:
        names |= {
            issue_name(year, number)
            for year, number in Issue.objects.filter(pk__in=issue_ids | page_ids).values_list(
                "year", "number"
            )
        }
    # The list pages show issues, published articles, sections and units: any of those changed.
    listings = (
        {LISTINGS}
        if names & {LISTINGS, CATALOGUE} or by_kind.keys() & {"issue", "section", "unit"}
        else set()
    )
    _bump_quietly(names | listings)
    names.discard(LISTINGS)
    # Static publishing: the same names tell which published files to rewrite or remove.
    names_bumped.send(sender=None, names=names)


# --- What other code calls ---------------------------------------------------------------------------


def invalidate_issue(issue) -> None:
    """The issue page, its article pages and the catalogue (home, archive pointers)."""
    _schedule({issue_name(issue.year, issue.number), CATALOGUE}, {("issue", issue.pk)})


def invalidate_article(article) -> None:
    """The article page, and its issue with every article page in it (they show its title)."""
    _schedule({article_name(article.pk)}, {("issue", article.issue_id)})


def invalidate_everything() -> None:
    _schedule({SITE, CATALOGUE}, set())


# --- Signal receivers --------------------------------------------------------------------------------


def _issue_loaded(sender, instance, **kwargs):
    instance._reader_cache_number = (instance.__dict__.get("year"), instance.__dict__.get("number"))


def _issue_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    now = {issue_name(instance.year, instance.number), CATALOGUE}
    previous = getattr(instance, "_reader_cache_number", (None, None))
    if None not in previous:
        now.add(issue_name(*previous))
    instance._reader_cache_number = (instance.year, instance.number)
    _schedule(now, {("issue", instance.pk)})


def _article_loaded(sender, instance, **kwargs):
    instance._reader_cache_issue_id = instance.__dict__.get("issue_id")
    instance._reader_cache_status = instance.__dict__.get("status")


def _article_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from articles.models import Article

    now = {article_name(instance.pk)}
    if instance.issue_id and Article.issue.is_cached(instance):
        now.add(issue_name(instance.issue.year, instance.issue.number))
    published = Article.Status.PUBLISHED
    if published in (instance.__dict__.get("status"), getattr(instance, "_reader_cache_status", None)):
        now.add(LISTINGS)  # it is (or was) on the list pages; drafts being edited are not
    later = {("issue", instance.issue_id), ("issue", getattr(instance, "_reader_cache_issue_id", None))}
    instance._reader_cache_issue_id = instance.issue_id
    instance._reader_cache_status = instance.__dict__.get("status")
    _schedule(now, later)


def _article_units_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        listed = {LISTINGS} if instance.__dict__.get("status") == "published" else set()
        _schedule({article_name(instance.pk)} | listed, set())
    elif action == "post_clear":
        _schedule(set(), {("unit", instance.pk)})
    else:
        _schedule({article_name(pk) for pk in pk_set or ()} | {LISTINGS}, set())


def _section_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _schedule(set(), {("section", instance.pk)})


def _unit_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _schedule(set(), {("unit", instance.pk)})


def _publication_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _schedule({SITE, CATALOGUE}, set())


def _line_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _schedule(set(), {("issue-page", instance.issue_id)})


def _line_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        _schedule(set(), {("issue-page", instance.issue_id)})
    else:
        _schedule(set(), {("group", instance.pk)})


def _group_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _schedule(set(), {("group", instance.pk)})


def connect_signals() -> None:
    """Called from ``ReaderConfig.ready``. The distribution models are named by label, so this app
    does not import the app that depends on it."""
    from articles.models import Article
    from bulletin.models import Issue, Publication, Section
    from contributors.models import Unit

    uid = "reader-cache"
    post_init.connect(_issue_loaded, sender=Issue, dispatch_uid=f"{uid}-issue-init")
    post_init.connect(_article_loaded, sender=Article, dispatch_uid=f"{uid}-article-init")
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(_issue_changed, sender=Issue, dispatch_uid=f"{uid}-issue-{name}")
        signal.connect(_article_changed, sender=Article, dispatch_uid=f"{uid}-article-{name}")
        signal.connect(_section_changed, sender=Section, dispatch_uid=f"{uid}-section-{name}")
        signal.connect(_unit_changed, sender=Unit, dispatch_uid=f"{uid}-unit-{name}")
        signal.connect(_publication_changed, sender=Publication, dispatch_uid=f"{uid}-publication-{name}")
        signal.connect(_line_changed, sender="distribution.IssueLine", dispatch_uid=f"{uid}-line-{name}")
        signal.connect(
            _group_changed, sender="distribution.RecipientGroup", dispatch_uid=f"{uid}-group-{name}"
        )
    m2m_changed.connect(_article_units_changed, sender=Article.units.through, dispatch_uid=f"{uid}-units")
    m2m_changed.connect(
        _line_groups_changed, sender="distribution.IssueLine_groups", dispatch_uid=f"{uid}-line-groups"
    )
