"""Static publishing (issue 12): the public reader pages as files that nginx serves before Django.

When ``STATIC_PAGES`` is on, every published public page — home, archive, issue pages with their
``.txt``/``.pdf``/``.docx`` downloads, article pages, the first page of each section and unit, the
Atom feeds — also exists as a file under ``STATIC_PAGES_ROOT``, byte for byte what Django serves an
anonymous visitor. Internal issues, unpublished ones and anything behind a login are never written.

How it keeps up:

- The page cache (``reader/cache.py``) works out after each commit which version names a change
  touched and sends them as :data:`reader.cache.names_bumped`, whose receiver here calls
  :func:`pages_changed` with them. Section and unit saves add ``section:<pk>``/``unit:<pk>``
  (receivers connected in ``ReaderConfig.ready``).
- :func:`pages_changed` removes at once the files of what is no longer public (a recall takes effect
  without waiting for a queue), then queues :data:`tasks.publish_static_pages` through
  ``django.tasks``; the task renders the affected pages and writes those whose content changed.
- A page that fails to render keeps its previous file; the failure is logged, recorded in
  ``STATIC_PAGES_ROOT/.failures.json``, retried by the next run (and after a minute when the task
  backend can defer), shown in the admin after an issue step and reported by ``manage.py check``.
- ``manage.py rebuild_static_pages`` rewrites everything (after a deploy that changed templates);
  ``manage.py check_static_pages [--fix]`` compares the files with what Django renders now.
- A directory that is missing, not writable or full is an error in ``manage.py check`` and stops
  :func:`ensure_ready` (called when an issue is published or recalled).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils.translation import ngettext

from . import files
from .pages import Page, RenderError, render
from .sync import Outcome, Plan, everything, load_failures, plan_for, root, run

logger = logging.getLogger("reader.publishing")

__all__ = [
    "Outcome",
    "Page",
    "Plan",
    "RenderError",
    "admin_warnings",
    "enabled",
    "ensure_ready",
    "everything",
    "load_failures",
    "pages_changed",
    "plan_for",
    "problem",
    "rebuild",
    "render",
    "root",
    "run",
    "sync_names",
]


def enabled() -> bool:
    return bool(getattr(settings, "STATIC_PAGES", False))


def problem(*, for_removal: bool = False) -> str | None:
    """Why the pages directory cannot be written now (translated), or None; None when disabled."""
    if not enabled():
        return None
    return files.probe(
        root(), min_free_mb=getattr(settings, "STATIC_PAGES_MIN_FREE_MB", 50), for_removal=for_removal
    )


def ensure_ready(*, for_removal: bool = False) -> None:
    """Raise the workflow's error (shown to the signer) when the pages cannot be written: publishing
    or recalling then would leave the public files stale without anyone noticing."""
    reason = problem(for_removal=for_removal)
    if reason:
        from articles.services import WorkflowError

        logger.error("Static pages: %s", reason)
        raise WorkflowError(reason)


def admin_warnings() -> list[str]:
    """What the office should know after an issue step: the directory's problem, stale pages."""
    if not enabled():
        return []
    warnings = []
    reason = problem()
    if reason:
        warnings.append(reason)
    failures = load_failures()
    if failures:
        warnings.append(
            ngettext(
                "%(count)d published page could not be rendered and still shows its previous version "
                "(it is retried; see the log): %(pages)s",
                "%(count)d published pages could not be rendered and still show their previous version "
                "(they are retried; see the log): %(pages)s",
                len(failures),
            )
            % {"count": len(failures), "pages": ", ".join(sorted(failures)[:5])}
        )
    return warnings


def sync_names(names) -> Outcome:
    """Bring the files of whatever ``names`` stands for up to date, now, in this process."""
    return run(plan_for(names))


def rebuild() -> Outcome:
    """Every public page rendered again; files of pages that are no longer public removed."""
    return run(everything())


def pages_changed(names) -> None:
    """After a commit: remove the files of what stopped being public, queue the re-rendering.

    Called by the page cache's after-commit flush with the version names it bumped; never raises."""
    names = sorted(set(names))
    if not enabled() or not names:
        return
    try:
        removals = plan_for(names)
        if removals.remove:
            run(Plan(remove=removals.remove))
    except Exception:
        logger.exception("Static pages: could not remove the files of %s", names[:10])
    try:
        from .tasks import publish_static_pages

        transaction.on_commit(lambda: publish_static_pages.enqueue(names=names), robust=True)
    except Exception:
        logger.exception("Static pages: could not queue the rendering of %s", names[:10])


def connect_signals() -> None:
    """Called from ``ReaderConfig.ready``: the page cache's changed names, the issue steps, and
    section and unit saves (their own list pages, names the page cache does not have)."""
    from django.db.models.signals import post_delete, post_save

    from bulletin import signals as issue_signals
    from bulletin.models import Issue, Section
    from contributors.models import Unit

    from .. import cache
    from .sync import SECTION_PREFIX, UNIT_PREFIX

    def names_bumped(sender, names, **kwargs):
        pages_changed(names)

    def visibility_changing(sender, issue, removing=False, **kwargs):
        ensure_ready(for_removal=removing)

    def step_warnings(sender, issue, **kwargs):
        return admin_warnings()

    def section_changed(sender, instance, raw=False, **kwargs):
        if not raw and enabled():
            transaction.on_commit(lambda: pages_changed([f"{SECTION_PREFIX}{instance.pk}"]), robust=True)

    def unit_changed(sender, instance, raw=False, **kwargs):
        if not raw and enabled():
            parent = instance.parent_id
            names = [f"{UNIT_PREFIX}{instance.pk}"] + ([f"{UNIT_PREFIX}{parent}"] if parent else [])
            transaction.on_commit(lambda: pages_changed(names), robust=True)

    cache.names_bumped.connect(names_bumped, weak=False, dispatch_uid="static-pages-names")
    issue_signals.issue_visibility_changing.connect(
        visibility_changing, sender=Issue, weak=False, dispatch_uid="static-pages-ready"
    )
    issue_signals.issue_step_warnings.connect(
        step_warnings, sender=Issue, weak=False, dispatch_uid="static-pages-warnings"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            section_changed, sender=Section, weak=False, dispatch_uid=f"static-pages-section-{signal}"
        )
        signal.connect(unit_changed, sender=Unit, weak=False, dispatch_uid=f"static-pages-unit-{signal}")
