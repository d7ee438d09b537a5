import re

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.urls import include, path, re_path

from contributors.login_guard import ReaderAuthenticationForm
from desk.access import may_use_desk

from . import health, media


class LoginView(auth_views.LoginView):
    """Readers' and staff's login. Without a ``next``, correspondents, editors and signers land on
    the desk; readers on the latest issue."""

    form_class = ReaderAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        if may_use_desk(self.request.user):
            return resolve_url("desk:home")
        return super().get_default_redirect_url()


class LogoutView(auth_views.LogoutView):
    """GET asks (a page of its own, never cached, with a CSRF token); POST logs out."""

    http_method_names = ["get", "post", "options"]
    template_name = "registration/logout_confirm.html"

    def get(self, request, *args, **kwargs):
        return TemplateResponse(request, self.template_name, {"next": request.GET.get("next", "")})


handler404 = "reader.views.page_not_found"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("favicon.ico", media.favicon),
    path("admin/", admin.site.urls),
    # Readers log in here (the admin's login is for staff only); throttled like the admin's.
    path(
        "accounts/login/",
        LoginView.as_view(),
        name="login",
    ),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    # Back-office endpoints of the articles app (image upload for the editor, Word import).
    path("backoffice/", include("articles.urls")),
    path("", include("desk.urls")),  # adoption statistics: /stats/, /stats.csv|.xlsx, /stats/notice/
    # Whole-issue downloads: /issues/<year>/<number>.txt|.pdf|.docx
    path("", include("formats.urls")),
    # The reader site: /, /issues/, /articles/<id>/, /sections/<slug>/, /units/<id>/, feeds,
    # and the search page /search/?q=
    path("", include("reader.urls")),
    # The personal reading link /r/<token>/ (its URL name keeps the namespace "distribution").
    path("", include("reader.reading_link_urls")),
]

# Uploaded files: nginx serves them in production; Django does only when SERVE_MEDIA is on
# (development and browser tests), decided per request so tests can switch it on.
urlpatterns.append(re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", media.media))
