"""System checks for the deployment: what a production site needs configured."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs):
    """E-mails (notifications, personal reading links) need the site's public address."""
    url = getattr(settings, "SITE_URL", "")
    if not url:
        return [
            Warning(
                "SITE_URL is not set: links in e-mails (notifications, personal reading links) have no host.",
                hint="Set SITE_URL to the address readers use, e.g. https://bulletin.example.org.",
                id="bulletin.W001",
            )
        ]
    if not settings.DEBUG and not url.startswith("https://"):
        return [
            Warning(
                "SITE_URL does not start with https://: reading links in e-mails would travel unencrypted.",
                id="bulletin.W002",
            )
        ]
    return []


PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Each gunicorn worker would hold its own copy of a per-process cache: a recalled issue, a
    withdrawn article or a logged-out session would live on in the other workers' copies."""
    if settings.DEBUG:
        return []
    return [
        Error(
            f"The cache {alias!r} is held in each process ({config['BACKEND']}): with several workers, "
            "a recall or a change is not seen by the others, and a logout not everywhere.",
            hint=(
                "Leave CACHE_URL unset (a file cache under VAR_DIR, shared by the workers of this machine), "
                "or set CACHE_URL=redis://… (shared by several machines)."
            ),
            id="bulletin.E001",
        )
        for alias, config in settings.CACHES.items()
        if config.get("BACKEND") in PER_PROCESS_CACHES
    ]
