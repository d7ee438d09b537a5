"""System checks of static publishing: run by ``manage.py check`` (and so at start-up of runserver
and migrate), not only with ``--deploy`` — a stale public site must never go unnoticed."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def static_pages_check(app_configs, **kwargs):
    from . import enabled, load_failures, problem, root

    if not enabled():
        return []
    if not root().is_absolute():
        return [
            Error(
                f"STATIC_PAGES_ROOT must be an absolute path, got {settings.STATIC_PAGES_ROOT!s}.",
                id="bulletin.E020",
            )
        ]
    reason = problem()
    if reason:
        return [
            Error(
                f"Static publishing cannot write its pages: {reason}",
                hint="Make STATIC_PAGES_ROOT a writable directory with free space for the user running "
                "the site and its worker, or set STATIC_PAGES=0 (nginx then passes every page to Django).",
                id="bulletin.E021",
            )
        ]
    failures = load_failures()
    if failures:
        listed = ", ".join(sorted(failures)[:5]) + (" …" if len(failures) > 5 else "")
        return [
            Warning(
                f"{len(failures)} published page(s) failed to render and are stale: {listed}",
                hint="See the log; `manage.py check_static_pages --fix` renders them again.",
                id="bulletin.W020",
            )
        ]
    return []
