"""Keep the statistics events (``contributors.activity``) in step with every write that changes what
they count, whichever path makes it: the workflow services, the admin, the shell.

Connected in ``ContributorsConfig.ready``. Writes that send no signals — ``QuerySet.update()``,
``bulk_create`` — must call ``activity.refresh`` themselves (the importer does);
``manage.py rebuild_activity --check`` finds any that did not.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import Signal

from . import activity, unit_links

#: Sent by ``contributors.services.unit_merge`` inside its transaction, after the articles, staff,
#: sub-units and former names of ``source`` have moved to ``target`` and before ``source`` is
#: deleted, with the keyword arguments ``source`` and ``target`` (``Unit`` instances, both locked)
#: and ``actor``. The apps above contributors that keep rows pointing at a unit (infowork's
#: correspondents and commissions, …) connect a receiver that moves their own rows from ``source``
#: to ``target``, using the database the rows live in, and returns how many rows it moved (the
#: counts go into the merge's log, under the receiver's module name). A receiver that raises undoes
#: the whole merge. Rows still pointing at ``source`` afterwards make the merge refuse, nothing
#: changed (see ``unit_merge``).
unit_merging = Signal()
# Asked before units are deleted through the admin (the delete page and the bulk delete action):
# ``send(sender=Unit, units=[…])``; each receiver returns ``{unit pk: [reasons]}``, the reasons being
# translated sentences saying why the unit must stay (say, the points it earned). Any reason refuses
# the deletion. Apps above this one (information work) connect to it; this app does not know them.
unit_delete_blockers = Signal()


def delete_blockers(units) -> dict[int, list[str]]:
    """The reasons, per unit pk, why each of ``units`` may not be deleted (units with none left out)."""
    units = list(units)
    reasons: dict[int, list[str]] = {}
    if not units:
        return reasons
    for _receiver, answer in unit_delete_blockers.send(sender=type(units[0]), units=units):
        for pk, found in (answer or {}).items():
            if found:
                reasons.setdefault(pk, []).extend(str(reason) for reason in found)
    return reasons


# Saving an article with only these fields cannot change its rows (body edits, positions, …).
ARTICLE_FIELDS = {"status", "section", "section_id", "issue", "issue_id", "published_at", "submitted_at"}
ISSUE_FIELDS = {"issue_date", "publication", "publication_id"}
# A unit's parent as loaded, when it was not loaded (``only()``): compare unequal to anything.
UNKNOWN = object()


def _touches(update_fields, fields) -> bool:
    return update_fields is None or bool(set(update_fields) & fields)


def article_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    # A new article has no log and no units yet; only one created already published has rows.
    if created and instance.status != "published":
        return
    if _touches(update_fields, ARTICLE_FIELDS):
        activity.refresh([instance.pk])


def transition_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        activity.refresh([instance.article_id])


def article_units_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    """``article.units.add/remove/set/clear`` and ``unit.articles.…`` alike."""
    changed = unit_links.changed_articles(
        sender, instance, action, reverse, pk_set, using, memo="_activity_articles"
    )
    if changed is not None:
        activity.refresh(changed)


def issue_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """A published issue's date or publication is on its archive articles' and published rows."""
    if created or raw or not _touches(update_fields, ISSUE_FIELDS):
        return
    Article = apps.get_model("articles", "Article")
    activity.refresh(
        Article._base_manager.filter(issue_id=instance.pk, status="published").values_list("pk", flat=True)
    )


def _articles_under(unit_pk: int) -> list[int]:
    from .models import descendant_ids

    return list(
        apps.get_model("articles", "Article")
        .units.through._base_manager.filter(unit_id__in=descendant_ids([unit_pk]))
        .values_list("article_id", flat=True)
        .distinct()
    )


def unit_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """Moving a unit under another parent changes the top unit of everything below it."""
    if created or raw or not _touches(update_fields, {"parent", "parent_id"}):
        return
    if getattr(instance, "_activity_parent", UNKNOWN) == instance.parent_id:
        return
    instance._activity_parent = instance.parent_id
    activity.refresh(_articles_under(instance.pk))


def unit_loaded_parent(sender, instance, **kwargs):
    # Read from the instance's dict: a unit loaded with only() must not cost a query per row.
    instance._activity_parent = instance.__dict__.get("parent_id", UNKNOWN)


def unit_deleting(sender, instance, **kwargs):
    # Its articles' other units may take over the roll-up of their top unit.
    instance._activity_articles = _articles_under(instance.pk)


def unit_deleted(sender, instance, **kwargs):
    activity.refresh(getattr(instance, "_activity_articles", []))


def connect() -> None:
    from django.db.models.signals import post_init

    from .models import Unit

    # The articles' and issues' models by label: this app is below them and does not import them.
    uid = "contributors.activity"
    post_save.connect(article_saved, sender="articles.Article", dispatch_uid=f"{uid}.article")
    post_save.connect(transition_saved, sender="articles.ArticleTransition", dispatch_uid=f"{uid}.transition")
    m2m_changed.connect(article_units_changed, sender="articles.Article_units", dispatch_uid=f"{uid}.units")
    post_save.connect(issue_saved, sender="bulletin.Issue", dispatch_uid=f"{uid}.issue")
    post_init.connect(unit_loaded_parent, sender=Unit, dispatch_uid=f"{uid}.unit-init")
    post_save.connect(unit_saved, sender=Unit, dispatch_uid=f"{uid}.unit")
    pre_delete.connect(unit_deleting, sender=Unit, dispatch_uid=f"{uid}.unit-deleting")
    post_delete.connect(unit_deleted, sender=Unit, dispatch_uid=f"{uid}.unit-deleted")
