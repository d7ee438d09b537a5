"""The pictures of a Word bulletin, kept with their articles: each goes through the validated image
path of uploads (``articles.images``: size and pixel caps, re-encoded, metadata dropped); one that
fails is left out with a warning. Stored files of an import that does not commit are deleted."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.images import ImageRejected, encode_image, image_store, image_url
from articles.models import Article
from articles.sanitize import sanitize_html

from .readers import Picture
from .structure import Notice, ParsedArticle, ParsedBulletin


def pictures_by_article(
    *, parsed: ParsedBulletin, pictures: list[Picture], warnings: list[Notice]
) -> list[tuple[ParsedArticle, list[Picture]]]:
    """Each picture goes with the article whose text comes before it."""
    articles = sorted(parsed.articles, key=lambda article: article.line)
    found: dict[int, list[Picture]] = {}
    for picture in pictures:
        owner = None
        for article in articles:
            if article.line <= picture.line:
                owner = article
        footer_lines = [line.line for line in parsed.footer.values()]
        if owner is None or (footer_lines and picture.line >= min(footer_lines)):
            warnings.append(
                Notice(
                    line=max(picture.line, 1),
                    message=_("A picture outside the articles (in the masthead or the footer) was left out."),
                )
            )
            continue
        found.setdefault(id(owner), []).append(picture)
    return [(article, found[id(article)]) for article in articles if id(article) in found]


def _checked(picture: Picture, warnings: list[Notice]) -> bool:
    try:
        encode_image(picture.data)
    except ImageRejected as error:
        warnings.append(
            Notice(
                line=max(picture.line, 1),
                message=_("An embedded image was left out: %(reason)s")
                % {"reason": " ".join(error.messages)},
            )
        )
        return False
    return True


def check_pictures(*, parsed: ParsedBulletin, pictures: list[Picture], warnings: list[Notice]) -> int:
    """A dry run: validate every picture as it would be stored; returns how many would be kept."""
    grouped = pictures_by_article(parsed=parsed, pictures=pictures, warnings=warnings)
    return sum(_checked(picture, warnings) for _article, group in grouped for picture in group)


def store_pictures(
    *, parsed: ParsedBulletin, pictures: list[Picture], issue_id: int, warnings: list[Notice], stored: list
) -> None:
    """Store each picture with its article and show it at the end of the article's body. Every
    stored record is appended to ``stored`` (so that the caller can delete its files on rollback)."""
    grouped = pictures_by_article(parsed=parsed, pictures=pictures, warnings=warnings)
    if not grouped:
        return
    # The loader numbers articles per section in file order; find each one the same way.
    rows = {
        (section, position): pk
        for pk, section, position in Article.objects.filter(issue_id=issue_id).values_list(
            "pk", "section__name", "position"
        )
    }
    positions: dict[str, int] = {}
    keys: dict[int, tuple[str, int]] = {}
    for section in parsed.sections:
        for article in section.articles:
            positions[section.name] = positions.get(section.name, 0) + 1
            keys[id(article)] = (section.name, positions[section.name])
    for article, group in grouped:
        record_article = Article.objects.get(pk=rows[keys[id(article)]])
        tags = []
        for picture in group:
            try:
                record = image_store(
                    data=picture.data,
                    uploaded_by=None,
                    article=record_article,
                    original_name="bulletin-image",
                )
            except ImageRejected as error:
                warnings.append(
                    Notice(
                        line=max(picture.line, 1),
                        message=_("An embedded image was left out: %(reason)s")
                        % {"reason": " ".join(error.messages)},
                    )
                )
                continue
            stored.append(record)
            tags.append(f'<p><img src="{escape(image_url(record))}" alt=""></p>')
        if tags:
            Article.objects.filter(pk=record_article.pk).update(
                body=sanitize_html(record_article.body + "\n" + "\n".join(tags))
            )


def delete_files(records: list) -> None:
    """The files of pictures whose rows were rolled back."""
    for record in records:
        record.image.delete(save=False)
        if record.display:
            record.display.delete(save=False)
