"""The Jinja2 environment of the reader's issue pages (``templates/jinja2/``).

An issue page shows fifteen or more articles; Django's template language spent about 4 ms rendering
one, Jinja2 (compiled to Python) a fraction of that. The other pages stay in Django templates and
include the shared parts from here (``{% jinja %}``, reader/templatetags/reader.py), so the site
chrome and the issue body are each written once.

Translatable text in these templates is written ``_("…")`` (``|format(name=…)`` for placeholders),
which ``makemessages`` reads; numbers are printed as they are (no localisation, as in ids and URLs).
"""

import functools

from django.conf import settings
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.translation import trans_real
from jinja2 import Environment

from .templatetags.reader import article_body


@functools.lru_cache(maxsize=4096)
def _reverse(root_urlconf, urlconf, prefix, name, args, kwargs) -> str:
    # ``root_urlconf`` and ``prefix`` are not passed on: ``reverse`` reads them itself. They are
    # part of the key so that a change of either (a test's settings, a site below /bulletin/) is
    # never answered from memory.
    return reverse(name, args=args, kwargs=dict(kwargs), urlconf=urlconf)


def _url_setting() -> tuple:
    """What a URL depends on besides its name and arguments (thread-local values)."""
    return settings.ROOT_URLCONF, get_urlconf(), get_script_prefix()


def url(name: str, *args) -> str:
    """``reverse(name, args=args)``, remembered per URL configuration and script prefix: the same
    links are printed on every page (the site menu, the articles of a much-read issue)."""
    return _reverse(*_url_setting(), name, args, ())


def url_for(name: str, **kwargs) -> str:
    """``reverse(name, kwargs=kwargs)``, remembered as ``url``."""
    return _reverse(*_url_setting(), name, (), tuple(sorted(kwargs.items())))


def page_context(request) -> dict:
    """Context processor of the Jinja2 engine: ``url`` and ``_`` bound once per page to the
    request's URL configuration and script prefix and to the active language, instead of reading
    them (thread-local values) again for each of a page's forty links and texts. Without a request
    the templates use the globals below, which read them on each call."""
    setting = _url_setting()
    return {
        "url": lambda name, *args: _reverse(*setting, name, args, ()),
        "_": trans_real.catalog().gettext if settings.USE_I18N else translation.gettext,
    }


def environment(**options) -> Environment:
    # Django's backend chose ``undefined``: a missing variable prints nothing, or, with DEBUG on,
    # its own name (``{{ name }}``), so it shows while developing.
    options.pop("autoescape", None)  # always on, whatever the settings say
    env = Environment(autoescape=True, **options)
    env.globals.update(
        {
            "_": translation.gettext,
            "url": url,
            "static": static,
            "get_language": translation.get_language,
            "article_body": article_body,
        }
    )
    env.filters.update({"date": defaultfilters.date, "urlencode": defaultfilters.urlencode})
    return env
