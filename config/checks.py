"""System checks for the deployment: what a production site needs configured."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


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
