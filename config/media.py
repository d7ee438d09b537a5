"""Uploaded files served by Django, for development and browser tests only (``SERVE_MEDIA``).

In production nginx serves ``/media/`` straight from disk (deploy/nginx/bulletin.conf), or the files
live on S3-compatible storage; then this view answers 404.
"""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.static import serve

LOCAL_STORAGE = "django.core.files.storage.FileSystemStorage"


def media(request, path: str):
    if not settings.SERVE_MEDIA or settings.STORAGES["default"]["BACKEND"] != LOCAL_STORAGE:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def favicon(request):
    """Browsers ask for /favicon.ico on every site; send them to the static file (resolved per
    request, so a missing static manifest never breaks the URL configuration)."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))
