"""Which articles an ``m2m_changed`` of ``Article.units`` touched, whichever side of the relation made
the change: for the code that keeps copies derived from an article's units (the statistics events,
``contributors.activity``; the search text, ``articles.search.sync``)."""

AFTER = ("post_add", "post_remove", "post_clear")


def changed_articles(sender, instance, action, reverse, pk_set, using, *, memo: str) -> list[int] | None:
    """The ids of the articles whose units have just changed (``post_add``, ``post_remove``,
    ``post_clear``), or ``None`` for the other actions. ``unit.articles.clear()`` names its articles
    only beforehand: its ``pre_clear`` remembers them on the unit under the attribute ``memo``."""
    if not reverse:  # article.units.add/remove/set/clear
        return [instance.pk] if action in AFTER else None
    if action == "pre_clear":
        setattr(
            instance,
            memo,
            list(
                sender._base_manager.using(using)
                .filter(unit_id=instance.pk)
                .values_list("article_id", flat=True)
            ),
        )
        return None
    if action == "post_clear":
        return getattr(instance, memo, [])
    if action in AFTER:
        return list(pk_set or ())
    return None
