"""Keeping ``Article.search_units`` (and so ``search_text``) in step with the units.

The unit names are a copy, in the article's row, of what the units join says: like a cache, they are
refreshed whenever their source changes, by every path that changes it (the services, the admin, the
factories, the shell):

- an article's units are added, removed or cleared (``m2m_changed``, either side of the relation);
- a unit is renamed (its name or short name changes) or deleted.

``bulk_create`` of join rows sends no signal: its callers (the importer) call
:func:`refresh_articles` themselves, and ``rebuild_search_index`` repairs anything else.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from contributors import unit_links

from .index import refresh_articles


def _article_model():
    from articles.models import Article

    return Article


def _units_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    Article = _article_model()
    changed = unit_links.changed_articles(
        sender, instance, action, reverse, pk_set, using, memo="_search_cleared_articles"
    )
    if changed is None:
        return
    refresh_articles(Article, changed, using)
    if not reverse:
        # The caller's object holds the new values too (a later full save keeps them).
        fresh = (
            Article._base_manager.using(using).filter(pk=instance.pk).values("search_units", "search_text")
        )
        for field, value in (fresh.first() or {}).items():
            setattr(instance, field, value)


def _names(unit) -> tuple[str, str]:
    return (unit.name or "", unit.short_name or "")


def _unit_saving(sender, instance, raw, using, **kwargs):
    """Remember whether the names change (one query, only for an existing unit)."""
    if raw or instance.pk is None:
        instance._search_names_changed = False
        return
    before = sender._base_manager.using(using).filter(pk=instance.pk).values_list("name", "short_name")
    old = before.first()
    instance._search_names_changed = old is not None and tuple(v or "" for v in old) != _names(instance)


def _unit_saved(sender, instance, created, raw, using, **kwargs):
    if raw or created or not getattr(instance, "_search_names_changed", False):
        return
    instance._search_names_changed = False
    through = _article_model().units.through
    ids = through.objects.using(using).filter(unit_id=instance.pk).values_list("article_id", flat=True)
    refresh_articles(_article_model(), list(ids), using)


def _unit_deleting(sender, instance, using, **kwargs):
    through = _article_model().units.through
    instance._search_articles = list(
        through.objects.using(using).filter(unit_id=instance.pk).values_list("article_id", flat=True)
    )


def _unit_deleted(sender, instance, using, **kwargs):
    refresh_articles(_article_model(), getattr(instance, "_search_articles", ()), using)


def connect() -> None:
    """Called from ``ArticlesConfig.ready``."""
    from contributors.models import Unit

    uid = "articles.search.sync"
    m2m_changed.connect(_units_changed, sender=_article_model().units.through, dispatch_uid=f"{uid}.units")
    pre_save.connect(_unit_saving, sender=Unit, dispatch_uid=f"{uid}.unit-saving")
    post_save.connect(_unit_saved, sender=Unit, dispatch_uid=f"{uid}.unit-saved")
    pre_delete.connect(_unit_deleting, sender=Unit, dispatch_uid=f"{uid}.unit-deleting")
    post_delete.connect(_unit_deleted, sender=Unit, dispatch_uid=f"{uid}.unit-deleted")
