import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .sanitize import sanitize_html
from .search.fields import SearchTextField, WordCountField

_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def normalize_title(text: str | None) -> str:
    """Collapse whitespace; a line break inside a Chinese title (titles wrap in print) leaves no space."""
    return _SPACE_BETWEEN_CJK.sub("", " ".join((text or "").split()))


# The fields the derived search text is made of.
SEARCHED_FIELDS = frozenset({"title", "byline", "body", "search_units"})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def in_reading_order(self):
        return self.order_by("section__position", "section_id", "position", "pk")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        PUBLISHED = "published", _("Published")

    # Statuses in which an article may sit in an issue.
    PLACEABLE = (Status.ACCEPTED, Status.PUBLISHED)

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True, help_text=_("Sanitised HTML."))
    issue = models.ForeignKey(
        "bulletin.Issue",
        verbose_name=_("issue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    section = models.ForeignKey(
        "bulletin.Section",
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    units = models.ManyToManyField(
        "contributors.Unit", verbose_name=_("units"), blank=True, related_name="articles"
    )
    byline = models.CharField(
        _("attribution"),
        max_length=200,
        blank=True,
        help_text=_("Printed at the end in full-width parentheses, e.g. 市总生产部、宣教部 or 综合来稿."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up on every save; guards against lost edits."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # The names of the article's units, copied here so that search matches them in search_text; kept
    # in sync when units change or are renamed (articles.search.sync) and by rebuild_search_index.
    search_units = models.TextField(_("unit names for search"), editable=False, blank=True, default="")
    # Derived from title, byline, search_units and body on every write (articles.search); indexed
    # per database.
    search_text = SearchTextField(_("search text"))
    word_count = WordCountField(_("characters"))

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title=""),
                name="article_title_not_empty",
                violation_error_message=_("An article needs a title."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published article needs a publication time."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(issue__isnull=False),
                name="article_published_in_issue",
                violation_error_message=_("A published article must belong to an issue."),
            ),
            models.CheckConstraint(
                condition=models.Q(issue__isnull=True) | models.Q(status__in=["accepted", "published"]),
                name="article_placed_only_when_accepted",
                violation_error_message=_("Only accepted articles can be placed in an issue."),
            ),
            models.CheckConstraint(
                condition=models.Q(issue__isnull=True, section__isnull=True)
                | models.Q(issue__isnull=False, section__isnull=False),
                name="article_issue_and_section_together",
                violation_error_message=_(
                    "An article placed in an issue needs a section, and a section needs an issue."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["issue", "section", "position"], name="article_issue_order"),
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            # The admin's list sorts by its default ordering (newest first, then id): one index scan.
            models.Index(fields=["-created", "-id"], name="article_created"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitising is normalisation of the stored value, not a side effect: whatever the path
        # (admin, import, shell), only allowlisted HTML reaches the database.
        self.body = sanitize_html(self.body)
        self.title = normalize_title(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not SEARCHED_FIELDS.isdisjoint(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*kwargs["update_fields"], "word_count"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.title = normalize_title(self.title)
        if not self.title:
            raise ValidationError({"title": _("An article needs a title.")})
        self.byline = (self.byline or "").strip().strip("（）()").strip()

    @property
    def attribution(self) -> str:
        """The byline as printed: ``（张家港市总工会）``; empty when there is none."""
        return f"（{self.byline}）" if self.byline else ""


def image_upload_path(instance, filename: str) -> str:
    """A random name per year/month; the uploaded file name is never trusted or kept in the path."""
    now = timezone.localtime()
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"articles/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class ArticleImage(models.Model):
    """An image uploaded for an article (editor upload or Word import), re-encoded on the way in."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="images",
    )
    image = models.ImageField(
        _("image"), upload_to=image_upload_path, width_field="width", height_field="height"
    )
    display = models.ImageField(_("reader copy"), upload_to=image_upload_path, blank=True)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("article image")
        verbose_name_plural = _("article images")
        ordering = ["-created"]

    def __str__(self):
        return self.original_name or self.image.name


class ArticleAction(models.TextChoices):
    """Every recorded step in an article's life; the transition log's ``action``."""

    SUBMIT = "submit", _("Submit")
    WITHDRAW = "withdraw", _("Withdraw")
    RETURN = "return", _("Return for revision")
    REJECT = "reject", _("Reject")
    ACCEPT = "accept", _("Accept")
    REOPEN = "reopen", _("Reopen")
    PLACE = "place", _("Place in an issue")
    REMOVE = "remove", _("Remove from the issue")
    PUBLISH = "publish", _("Publish")
    RECALL = "recall", _("Recall")


class ArticleTransition(models.Model):
    """One step of the article workflow: who did what, when, from which status to which, and why."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=20, choices=ArticleAction.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Article.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Article.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="article_transitions",
    )
    issue = models.ForeignKey(
        "bulletin.Issue",
        verbose_name=_("issue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="article_transitions",
    )
    note = models.TextField(_("note"), blank=True)
    created = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("article transition")
        verbose_name_plural = _("article transitions")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["article", "-created"], name="articletransition_article")]

    def __str__(self):
        return f"{self.article}：{self.get_action_display()}"


class ArticleRevision(models.Model):
    """A snapshot of an article's text, stored on every save that changed the title or the body."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("revision"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("saved at"), default=timezone.now)
    data = models.JSONField(_("snapshot"), default=dict)
    restored_from = models.ForeignKey(
        "self",
        verbose_name=_("restored from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("article revision")
        verbose_name_plural = _("article revisions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"],
                name="articlerevision_unique_number",
                violation_error_message=_("This revision number is already taken."),
            ),
        ]

    def __str__(self):
        return f"{self.article} #{self.number}"

    @property
    def title(self) -> str:
        return self.data.get("title", "")

    @property
    def body(self) -> str:
        return self.data.get("body", "")


class ArticleComment(models.Model):
    """An editorial note on an article, between the editorial office and the correspondents."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    # A comment on one paragraph: the index of the body's top-level block (``articles.text.body_blocks``)
    # in the version it was written on; None for a comment on the whole article.
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    created = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("editorial note")
        verbose_name_plural = _("editorial notes")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text=""),
                name="articlecomment_text_not_empty",
                violation_error_message=_("A note cannot be empty."),
            ),
        ]

    def __str__(self):
        return self.text[:40]
