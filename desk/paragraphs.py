"""An article's body as paragraphs with the office's comments beside the ones they concern: the
editor writes them on the review page, the correspondent reads them beside the returned text."""

from articles.models import Article, ArticleComment
from articles.text import body_blocks


def paragraphs_with_comments(article: Article, *, open_paragraph: int | None = None):
    """``(paragraphs, general)``: each paragraph as ``{index, html, comments, open}`` with the comments
    written on it in the article's current version; ``general`` holds comments on the whole article
    and those written on an earlier version (their paragraph may have moved since)."""
    blocks = body_blocks(article.body)
    beside: dict[int, list] = {}
    general = []
    for comment in ArticleComment.objects.filter(article=article).select_related("author"):
        if (
            comment.paragraph is not None
            and comment.version == article.version
            and comment.paragraph < len(blocks)
        ):
            beside.setdefault(comment.paragraph, []).append(comment)
        else:
            general.append(comment)
    paragraphs = [
        {"index": index, "html": html, "comments": beside.get(index, []), "open": index == open_paragraph}
        for index, html in enumerate(blocks)
    ]
    return paragraphs, general
