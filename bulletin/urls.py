import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from . import health, media

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("favicon.ico", media.favicon),
    path("admin/", admin.site.urls),
    # Back-office endpoints of the articles app (image upload for the editor, Word import).
    path("backoffice/", include("articles.urls")),
    path("", include("contributors.urls")),  # adoption statistics: /stats/, /stats.csv|.xlsx, /stats/notice/
    # Whole-issue downloads: /issues/<year>/<number>.txt|.pdf|.docx
    path("", include("bulletin.export_urls")),
    # The reader site: /, /issues/, /articles/<id>/, /sections/<slug>/, /units/<id>/, feeds
    path("", include("bulletin.reader_urls")),
    path("", include("articles.search.urls")),  # /search/?q=
    path("", include("distribution.urls")),
]

# Uploaded files: nginx serves them in production; Django does only when SERVE_MEDIA is on
# (development and browser tests), decided per request so tests can switch it on.
urlpatterns.append(re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", media.media))
