"""Who hears about an article's step, and the e-mails they get.

Everything here runs after the transaction committed (queued by the services through
``transaction.on_commit`` and the ``django.tasks`` API), so a rolled-back step never mails anybody.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from contributors.models import Unit
from contributors.roles import Role

from .models import ArticleAction, ArticleTransition

A = ArticleAction

# action → e-mail template name (templates/emails/<name>_subject.txt, _body.txt, _body.html)
TEMPLATES = {
    A.SUBMIT: "article_submitted",
    A.RETURN: "article_returned",
    A.REJECT: "article_rejected",
    A.ACCEPT: "article_accepted",
    A.PUBLISH: "article_published",
    A.RECALL: "article_recalled",
}


def absolute_url(path: str) -> str:
    """``SITE_URL`` (e.g. https://jianbao.example.org) plus the path; the path alone when unset."""
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _reachable(users):
    return users.filter(is_active=True).exclude(email="")


def users_with_role(role: Role):
    return _reachable(get_user_model().objects.filter(groups__name=role.value)).distinct()


def article_audience(article, *, exclude=None) -> list:
    """Everybody who must hear what became of an article: its author, whoever submitted it at any
    point, and the correspondents of its units and of the unions above them (who may also act for
    their town unions). Nobody is dropped because a later step bounced the article back."""
    User = get_user_model()
    unit_ids = set(article.units.values_list("pk", flat=True))
    for unit in Unit.objects.filter(pk__in=unit_ids).select_related("parent"):
        unit_ids |= {ancestor.pk for ancestor in unit.ancestors()}
    submitters = ArticleTransition.objects.filter(article=article, action=A.SUBMIT).values("actor")
    users = User.objects.filter(
        Q(pk=article.author_id)
        | Q(pk__in=submitters)
        | Q(groups__name=Role.CORRESPONDENT.value, staff__unit__in=unit_ids)
    )
    if exclude is not None and exclude.pk:
        users = users.exclude(pk=exclude.pk)
    return list(_reachable(users).distinct().order_by("pk"))


def recipients_for(transition: ArticleTransition) -> list:
    if transition.action == A.SUBMIT:
        users = users_with_role(Role.EDITOR)
        if transition.actor_id:
            users = users.exclude(pk=transition.actor_id)
        return list(users.order_by("pk"))
    return article_audience(transition.article, exclude=transition.actor)


def render_email(name: str, context: dict, to: list[str]) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}_body.txt", context)
        html = render_to_string(f"emails/{name}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    return message


def send_to_each(name: str, users, context: dict) -> int:
    """One message per person (recipients do not see each other), rendered with ``recipient`` set."""
    messages = [render_email(name, {**context, "recipient": user}, [user.email]) for user in users]
    if not messages:
        return 0
    return mailers.default.send_messages(messages) or 0


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def notify_article_transition(transition_id: int) -> int:
    transition = (
        ArticleTransition.objects.select_related("article", "actor", "issue").filter(pk=transition_id).first()
    )
    if transition is None or transition.action not in TEMPLATES:
        return 0
    article = transition.article
    context = {
        "article": article,
        "transition": transition,
        "actor_name": display_name(transition.actor),
        "issue": transition.issue,
        "link": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
        "reader_link": absolute_url(f"/articles/{article.pk}/"),
    }
    return send_to_each(TEMPLATES[transition.action], recipients_for(transition), context)
