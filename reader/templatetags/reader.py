"""Template helpers of the reader site (and of anything reusing its partials, such as the PDF)."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_FIRST_PARAGRAPH = re.compile(r"^\s*<p(?:\s[^>]*)?>", re.IGNORECASE)
_LAST_PARAGRAPH_END = re.compile(r"</p>\s*$", re.IGNORECASE)
_SENTENCE_END = ("。", "！", "？", "…", "!", "?")


def lead_sentence(title: str) -> str:
    """A briefs title is the lead sentence without its final 。; give it back."""
    title = (title or "").strip()
    return title if title.endswith(_SENTENCE_END) else f"{title}。"


@register.simple_tag
def article_body(article, brief: bool = False, lead_url: str = ""):
    """The article body as stored (sanitised on save), with the attribution at the end of the last
    paragraph, right-aligned; for briefs, the bold lead sentence run into the first paragraph.

    ``lead_url`` makes the lead sentence a link (the reader site links each brief to its page)."""
    body = article.body or ""
    if brief:
        lead = escape(lead_sentence(article.title))
        if lead_url:
            lead = f'<a href="{escape(lead_url)}">{lead}</a>'
        lead = f'<strong class="lead">{lead}</strong>'
        match = _FIRST_PARAGRAPH.match(body)
        body = f"{body[: match.end()]}{lead}{body[match.end() :]}" if match else f"<p>{lead}</p>{body}"
    if article.attribution:
        attribution = f'<span class="attribution">{escape(article.attribution)}</span>'
        match = _LAST_PARAGRAPH_END.search(body)
        if match:
            body = f"{body[: match.start()]}{attribution}{body[match.start() :]}"
        else:
            body = f'{body}<p class="attribution-line">{attribution}</p>'
    return mark_safe(body)  # noqa: S308 (the body is sanitised on every save; the rest is escaped here)


@register.simple_tag(takes_context=True)
def jinja(context, template_name: str):
    """Include a template of ``templates/jinja2/`` (the site chrome, the issue body: reader/jinja.py)
    with the current context, so Django and Jinja2 pages share one copy of it."""
    from django.template import engines

    template = engines["jinja2"].get_template(template_name)
    # Jinja2 escaped every variable (autoescape is on): the result is HTML.
    return mark_safe(template.render(context.flatten(), request=context.get("request")))  # noqa: S308
