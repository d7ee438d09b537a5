"""Error pages Django would otherwise answer in English."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent without its security token (an expired page, cookies refused): a Chinese page that
    says what to do, instead of Django's English one. ``reason`` goes to the log, not to the page."""
    return render(request, "403_csrf.html", status=403)
