"""The personal reading link, ``/r/<token>/``. The page belongs to the reader site; the tokens and
the read receipts are the distribution app's, and so is the URL's namespace (``distribution:reading_link``,
a contract the e-mails rely on)."""

from django.urls import path

from . import reading_link as views

app_name = "distribution"

urlpatterns = [
    path("r/<str:token>/", views.ReadingLinkView.as_view(), name="reading_link"),
]
