"""Refuse a NUL character anywhere in a request's address, query or form values.

PostgreSQL cannot store or compare text holding NUL (``ValueError: A string literal cannot contain
NUL``), so a NUL in a note, a comment, an admin list filter or a search term would end in a 500.
No person types one; the request is answered 400 with the Chinese error page instead, before any
view runs (after the CSRF check, which reads the form the same way).
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def _has_nul(query_dict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            NUL in request.path_info
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            return render(
                request,
                "400.html",
                {
                    "reason": _(
                        "The request contains a NUL character, which no text here may hold. Please remove it and try again."
                    )
                },
                status=400,
            )
        return None


class MethodNotAllowedPageMiddleware:
    """A 405 (a GET on an address that only takes a form, ``require_POST`` and the like) comes from
    Django with an empty body: a blank page. Give it the Chinese error page, keeping ``Allow``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or request.method == "HEAD" or response.content:
            return response
        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
