"""The desk's menu: what each role sees at the top of every desk page, in the office's words."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contributors.roles import Role, has_role


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    roles: tuple[Role, ...]
    sections: tuple[str, ...]  # the ``request.resolver_match.url_name`` prefixes that mark it as current


ITEMS = (
    Item(
        _("My articles"),
        "desk:my_articles",
        (Role.CORRESPONDENT,),
        ("my_articles", "article_detail", "article_edit", "article_submit", "article_withdraw"),
    ),
    Item(
        _("Write an article"), "desk:article_create", (Role.CORRESPONDENT, Role.EDITOR), ("article_create",)
    ),
    Item(_("To review"), "desk:review_queue", (Role.EDITOR,), ("review",)),
    Item(_("Issues"), "desk:issue_list", (Role.EDITOR,), ("issue_list", "compose")),
    Item(_("Units"), "desk:unit_list", (Role.EDITOR,), ("unit_",)),
    Item(_("To sign off"), "desk:signoff_queue", (Role.SIGNER,), ("signoff", "issue_detail", "issue_action")),
    Item(_("Commissions"), "desk:commission_list", (Role.CORRESPONDENT, Role.EDITOR), ("commission_",)),
    Item(_("Upward adoptions"), "desk:adoption_list", (Role.EDITOR, Role.SIGNER), ("adoption_",)),
    Item(_("Leader instructions"), "desk:instruction_list", (Role.EDITOR, Role.SIGNER), ("instruction_",)),
    Item(
        _("Instructions"),
        "desk:unit_instructions",
        (Role.CORRESPONDENT,),
        ("unit_instructions", "instruction_feedback"),
    ),
    Item(_("Adoption statistics"), "stats", (Role.CORRESPONDENT, Role.EDITOR, Role.SIGNER), ("stats",)),
    Item(_("Correspondents"), "desk:correspondent_list", (Role.EDITOR, Role.SIGNER), ("correspondent_",)),
    Item(_("Scoring"), "desk:scoring", (Role.EDITOR,), ("scoring",)),
)


def menu(request) -> list[dict]:
    """The items the user may open, the current one marked."""
    current = getattr(getattr(request, "resolver_match", None), "url_name", "") or ""
    items = []
    for item in ITEMS:
        if not has_role(request.user, *item.roles):
            continue
        items.append(
            {"label": item.label, "url": reverse(item.url_name), "current": current.startswith(item.sections)}
        )
    return items
