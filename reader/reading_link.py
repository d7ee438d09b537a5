"""The personal reading link: ``/r/<token>/`` opens the issue for its recipient, without a password
even for an internal issue, and records the read. A bad link gets a plain page that says what is
wrong and how to get a new one, and nothing about the issue. The link follows its person's access:
it stops working when their account is deactivated or they leave the issue's recipient groups.

These pages are personal: never stored by the page cache, and sent with ``Cache-Control: private,
no-store`` so no proxy or browser cache keeps them; ``Referrer-Policy: no-referrer`` keeps the token
out of other sites' logs."""

from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from bulletin.models import Publication, Visibility
from bulletin.selectors import is_member, issue_contents
from distribution import tokens
from distribution.receipts import record_link_read
from reader.views import download_links

Problem = tokens.LinkProblem

PROBLEMS = {
    Problem.INVALID: (
        403,
        _("This reading link is not valid"),
        _(
            "The address may have been cut off or changed when it was copied. "
            "Open the link straight from the e-mail, without changing it."
        ),
    ),
    Problem.EXPIRED: (
        410,
        _("This reading link has expired"),
        _("Personal reading links work for a limited time only, for your security."),
    ),
    Problem.REVOKED: (
        410,
        _("This reading link has been withdrawn"),
        _(
            "The editorial office withdrew it or sent you a newer one; please use the link in the latest e-mail."
        ),
    ),
    Problem.NOT_ENTITLED: (
        403,
        _("This reading link no longer works for you"),
        _(
            "It was sent to you as a recipient of this issue, but your account has been deactivated "
            "or you are no longer on the issue's distribution list. If you should still receive the "
            "bulletin, please ask the editorial office."
        ),
    ),
    Problem.UNAVAILABLE: (
        404,
        _("This issue is not available at the moment"),
        _("It may have been withdrawn for correction. The same link will work again once it is republished."),
    ),
}


def _private(response):
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@method_decorator(never_cache, name="dispatch")
class ReadingLinkView(View):
    http_method_names = ["get", "head"]

    def get(self, request, token):
        check = tokens.check_token(token)
        if check.problem is not None:
            return self.problem(request, check.problem)
        delivery = check.delivery
        record_link_read(request, delivery)
        issue = delivery.issue
        member = is_member(request.user)
        readable_on_site = issue.visibility == Visibility.PUBLIC or member
        context = {
            "issue": issue,
            "publication": issue.publication,
            "contents": issue_contents(issue),
            "delivery": delivery,
            # Article pages and downloads of an internal issue need a login: without one, print the
            # issue without links to them.
            "print_edition": not readable_on_site,
            "downloads": download_links(issue) if readable_on_site else [],
        }
        return _private(TemplateResponse(request, "reader/reading_link.html", context))

    def problem(self, request, problem):
        status, title, explanation = PROBLEMS[problem]
        publication = Publication.objects.default()
        context = {
            "title": title,
            "explanation": explanation,
            "problem": problem.value,
            "office": publication.editing_unit if publication else "",
        }
        return _private(TemplateResponse(request, "reader/reading_link_problem.html", context, status=status))
