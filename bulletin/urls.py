from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    # Back-office endpoints of the articles app (image upload for the editor, Word import).
    path("backoffice/", include("articles.urls")),
    # Whole-issue downloads: /issues/<year>/<number>.txt|.pdf|.docx
    path("", include("bulletin.export_urls")),
    # The reader site: /, /issues/, /articles/<id>/, /sections/<slug>/, /units/<id>/, feeds
    path("", include("bulletin.reader_urls")),
    path("", include("distribution.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
