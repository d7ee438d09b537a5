"""The statistics events table (``Activity``): what the adoption statistics count, one row per
counted event of an article for each of its units, kept in step with the articles.

Counting the transition log directly means folding hundreds of thousands of rows per article before
anything can be summed (a year of a large city's work took over half a second on PostgreSQL). These
rows are that fold done once, when an article changes: counting a range is then one grouped scan.

What the rows hold, for an article and each of its units (see ``infowork.stats`` for what the
figures mean):

- one row per ``submit`` / ``return`` / ``reject`` / ``accept`` in its log, on the event's calendar
  day, with the day of the previous event of the same kind (``since``): the articles with at least
  one such event in a range are exactly the rows in the range whose ``since`` lies before it;
- if it is published now, a ``published`` row on the day of its publication; an archive article
  (imported, never submitted: empty ``submitted_at``) on its issue's date, with ``submitted`` and
  ``accepted`` rows on that date too;
- ``root``: the top of the unit's tree, and ``root_first`` on one row per event and top unit, so the
  rolled-up figures count an article once per line.

``refresh(article_ids)`` rewrites those articles' rows from the source: their log, status and units.
Signal handlers (``contributors.signals``) call it whenever one of those changes; the workflow
services wrap their work in :func:`deferred` so an issue of thirty articles is refreshed in one go.
Bulk writes that send no signals (the importer's ``bulk_create``) call it themselves.
"""

import threading
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from itertools import batched

from django.apps import apps as global_apps
from django.db import connections, transaction
from django.utils import timezone

# Transition actions that make rows, and the kind of row each makes.
ACTION_KINDS = {"submit": "submitted", "return": "returned", "reject": "rejected", "accept": "accepted"}
PUBLISHED = "published"
CHUNK = 500
# Rows per INSERT: 9 values each, well under SQLite's 32,766 parameters.
INSERT_BATCH = 1000
# The columns of a row, in the order build_rows gives them.
FIELDS = (
    "article_id",
    "unit_id",
    "root_id",
    "root_first",
    "kind",
    "day",
    "since",
    "section_id",
    "publication_id",
)

_state = threading.local()


def _models(apps):
    return (
        apps.get_model("articles", "Article"),
        apps.get_model("articles", "ArticleTransition"),
        apps.get_model("contributors", "Unit"),
        apps.get_model("contributors", "Activity"),
    )


def unit_roots(parents: dict[int, int | None]) -> dict[int, int | None]:
    """The top unit of each unit's tree; ``None`` for a unit whose chain of parents loops."""
    roots: dict[int, int | None] = {}
    for pk in parents:
        chain, node = [], pk
        while node is not None and node not in roots and node not in chain:
            chain.append(node)
            node = parents.get(node)
        if node is None:
            top = chain[-1]
        elif node in roots:
            top = roots[node]
        else:  # a cycle
            top = None
        for member in chain:
            roots[member] = top
    return roots


def _local_day(moment, zone):
    return timezone.localtime(moment, zone).date()


def build_rows(article_ids: Iterable[int], *, roots: dict[int, int | None], apps=global_apps) -> list[tuple]:
    """The rows the given articles should have now, as tuples in :data:`FIELDS` order. Two queries."""
    Article, ArticleTransition, _Unit, _Activity = _models(apps)
    ids = list(article_ids)
    zone = timezone.get_default_timezone()
    facts: dict[int, tuple] = {}
    units: dict[int, list[int]] = defaultdict(list)
    for pk, status, section_id, published_at, submitted_at, issue_date, publication_id, unit_id in (
        Article._base_manager.filter(pk__in=ids)
        .order_by()
        .values_list(
            "pk",
            "status",
            "section_id",
            "published_at",
            "submitted_at",
            "issue__issue_date",
            "issue__publication_id",
            "units",
        )
    ):
        facts[pk] = (status, section_id, published_at, submitted_at, issue_date, publication_id)
        if unit_id is not None:
            units[pk].append(unit_id)
    events: dict[int, list[tuple]] = defaultdict(list)
    previous: dict[tuple[int, str], object] = {}
    for article_id, action, created in (
        ArticleTransition._base_manager.filter(article_id__in=[pk for pk in ids if units.get(pk)])
        .filter(action__in=list(ACTION_KINDS))
        .order_by("article_id", "created", "pk")
        .values_list("article_id", "action", "created")
    ):
        kind, day = ACTION_KINDS[action], _local_day(created, zone)
        events[article_id].append((kind, day, previous.get((article_id, kind)), None, None))
        previous[article_id, kind] = day
    rows = []
    for pk, (status, section_id, published_at, submitted_at, issue_date, publication_id) in facts.items():
        own = sorted(set(units.get(pk, ())))
        if not own:
            continue
        happened = list(events.get(pk, ()))
        if status == PUBLISHED:
            if submitted_at is None:  # archive: sent in and adopted before the system existed
                if issue_date is not None:
                    happened.append((PUBLISHED, issue_date, None, section_id, publication_id))
                    happened.append(("submitted", issue_date, None, None, publication_id))
                    happened.append(("accepted", issue_date, None, None, publication_id))
            elif published_at is not None:
                happened.append((PUBLISHED, _local_day(published_at, zone), None, section_id, publication_id))
        first_under: set = set()
        for unit_id in own:  # ascending: the first unit under a top unit carries the roll-up
            root = roots.get(unit_id)
            root_first = root is not None and root not in first_under
            first_under.add(root)
            rows.extend(
                (pk, unit_id, root, root_first, kind, day, since, section, publication)
                for kind, day, since, section, publication in happened
            )
    return rows


def _roots(apps) -> dict[int, int | None]:
    _Article, _ArticleTransition, Unit, _Activity = _models(apps)
    return unit_roots(dict(Unit._base_manager.values_list("pk", "parent_id")))


def refresh(article_ids: Iterable[int], *, apps=global_apps) -> None:
    """Rewrite the rows of these articles from their current state (inside the caller's transaction).
    Inside :func:`deferred`, only note them: the block refreshes them all once at its end."""
    ids = {pk for pk in article_ids if pk is not None}
    if not ids:
        return
    pending = getattr(_state, "pending", None)
    if pending is not None and apps is global_apps:
        pending.update(ids)
        return
    _write(sorted(ids), apps)


def _insert(rows: list[tuple], apps) -> None:
    """Many rows per INSERT, straight from the tuples (no model instances: a rebuild writes
    hundreds of thousands)."""
    _Article, _ArticleTransition, _Unit, Activity = _models(apps)
    connection = connections[Activity._base_manager.db]
    ops = connection.ops
    names = ", ".join(ops.quote_name(Activity._meta.get_field(name).column) for name in FIELDS)
    table = ops.quote_name(Activity._meta.db_table)
    day, since = FIELDS.index("day"), FIELDS.index("since")
    with connection.cursor() as cursor:
        for batch in batched(rows, INSERT_BATCH):
            params = []
            for row in batch:
                row = list(row)
                row[day] = ops.adapt_datefield_value(row[day])
                row[since] = ops.adapt_datefield_value(row[since])
                params.extend(row)
            marks = ", ".join(["(" + ", ".join(["%s"] * len(FIELDS)) + ")"] * len(batch))
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {marks}", params)  # noqa: S608 (names from the model)


def _write(ids: list[int], apps) -> None:
    Activity = apps.get_model("contributors", "Activity")  # noqa: N806 (a model class)
    with transaction.atomic(using=Activity._base_manager.db, savepoint=False):
        _write_locked(ids, apps)


def _write_locked(ids: list[int], apps) -> None:
    """:func:`_write` inside its transaction (a signal of a plain ``save()`` comes in autocommit)."""
    Article, _ArticleTransition, _Unit, Activity = _models(apps)
    roots = _roots(apps)
    for chunk in batched(ids, CHUNK):
        # Two transactions rewriting the same article (two people changing its units at once) take
        # turns, or the second's DELETE would miss the first's rows and leave them doubled.
        list(Article._base_manager.filter(pk__in=chunk).order_by("pk").select_for_update().values_list("pk"))
        rows = build_rows(chunk, roots=roots, apps=apps)
        Activity._base_manager.filter(article_id__in=chunk)._raw_delete(Activity._base_manager.db)
        _insert(rows, apps)


@contextmanager
def deferred():
    """Collect the refreshes asked for inside the block and run them once when it ends. Use inside
    the caller's ``transaction.atomic()``: an exception skips them, and the transaction rolls back."""
    if getattr(_state, "pending", None) is not None:  # nested: the outer block refreshes
        yield
        return
    _state.pending = set()
    try:
        yield
        ids = _state.pending
    finally:
        _state.pending = None
    if ids:
        _write(sorted(ids), global_apps)


def rebuild(*, apps=global_apps, progress=None) -> int:
    """Rewrite every article's rows. Returns the number of rows written."""
    Article, _ArticleTransition, _Unit, Activity = _models(apps)
    roots = _roots(apps)
    ids = list(Article._base_manager.order_by("pk").values_list("pk", flat=True))
    Activity._base_manager.all()._raw_delete(Activity._base_manager.db)
    written = 0
    for chunk in batched(ids, CHUNK):
        rows = build_rows(chunk, roots=roots, apps=apps)
        _insert(rows, apps)
        written += len(rows)
        if progress is not None:
            progress(len(chunk), len(ids))
    return written


def differences(*, limit: int = 20) -> tuple[int, list[int]]:
    """Compare the table with the rows the articles call for now: (number of articles whose rows
    differ, the first ``limit`` of their ids). ``(0, [])`` when the table is right."""
    Article, _ArticleTransition, _Unit, Activity = _models(global_apps)
    roots = _roots(global_apps)
    wrong: list[int] = []
    ids = list(Article._base_manager.order_by("pk").values_list("pk", flat=True))
    stored_ids = set(Activity._base_manager.values_list("article_id", flat=True).distinct())
    wrong.extend(sorted(stored_ids - set(ids)))
    for chunk in batched(ids, CHUNK):
        expected: dict[int, list] = defaultdict(list)
        for row in build_rows(chunk, roots=roots):
            expected[row[0]].append(row)
        stored: dict[int, list] = defaultdict(list)
        for values in Activity._base_manager.filter(article_id__in=chunk).values_list(*FIELDS):
            stored[values[0]].append(tuple(values))
        for pk in chunk:
            if sorted(expected.get(pk, []), key=repr) != sorted(stored.get(pk, []), key=repr):
                wrong.append(pk)
    return len(wrong), wrong[:limit]
