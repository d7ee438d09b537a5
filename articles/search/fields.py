"""The derived search-text column of ``Article``."""

from django.db import models

from .text import search_text


class SearchTextField(models.TextField):
    """Recomputed from the title, the attribution, the unit names and the body whenever the row is written, by every
    path that writes the column: ``save()``, ``create()`` and ``bulk_create()`` alike. (A
    ``save(update_fields=…)`` writes it only when named: ``Article.save`` names it whenever it names a
    text field. ``QuerySet.update()`` bypasses it; ``rebuild_search_index`` repairs that.)"""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = search_text(
            title=model_instance.title,
            byline=model_instance.byline,
            body=model_instance.body,
            units=getattr(model_instance, "search_units", ""),
        )
        setattr(model_instance, self.attname, value)
        return value


class WordCountField(models.PositiveIntegerField):
    """字数 of the body as the office counts it (``articles.text.word_count``), recomputed whenever the
    row is written, like :class:`SearchTextField`, so that lists show it without reading any body."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", 0)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        from articles.text import word_count

        value = word_count(model_instance.body)
        setattr(model_instance, self.attname, value)
        return value
