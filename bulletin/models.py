from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")


class PublicationQuerySet(models.QuerySet):
    def default(self):
        """The default publication, or the first one if none is marked."""
        return self.order_by("-is_default", "pk").first()


class Publication(models.Model):
    title = models.CharField(_("title"), max_length=100, default="工会工作简报")
    slug = models.SlugField(
        _("slug"), max_length=50, unique=True, error_messages={"unique": _("This slug is already in use.")}
    )
    editing_unit = models.CharField(
        _("editing unit"),
        max_length=100,
        default="苏州市总工会办公室",
        help_text=_("Printed in the masthead followed by 编, e.g. 苏州市总工会办公室编."),
    )
    default_visibility = models.CharField(
        _("default visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    is_default = models.BooleanField(_("default publication"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-is_default", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="publication_single_default",
                violation_error_message=_("Only one publication can be the default."),
            ),
        ]

    def __str__(self):
        return self.title


class Section(models.Model):
    class Layout(models.TextChoices):
        STANDARD = "standard", _("Standard articles")
        BRIEFS = "briefs", _("Briefs (lead sentence run in)")

    name = models.CharField(
        _("name"),
        max_length=50,
        unique=True,
        error_messages={"unique": _("A section with this name already exists.")},
        help_text=_("Printed as a heading in 【】, e.g. 工作动态."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=50,
        unique=True,
        error_messages={"unique": _("This slug is already in use.")},
        help_text=_("Latin letters, digits and hyphens; used in the address /sections/<slug>/."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    layout = models.CharField(_("layout"), max_length=10, choices=Layout.choices, default=Layout.STANDARD)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name=""),
                name="section_name_not_empty",
                violation_error_message=_("A section needs a name."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.name = (self.name or "").strip().strip("【】").strip()
        if not self.name:
            raise ValidationError({"name": _("A section needs a name.")})


class IssueQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Issue.Status.PUBLISHED)

    def public(self):
        return self.published().filter(visibility=Visibility.PUBLIC)


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFTING = "drafting", _("Drafting")
        PENDING_SIGNOFF = "pending_signoff", _("Pending sign-off")
        SIGNED = "signed", _("Signed off")
        PUBLISHED = "published", _("Published")

    publication = models.ForeignKey(
        Publication, verbose_name=_("publication"), on_delete=models.PROTECT, related_name="issues"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1949)])
    number = models.PositiveSmallIntegerField(
        _("number"),
        validators=[MinValueValidator(1)],
        help_text=_("The issue number within the year (第N期)."),
    )
    total_number = models.PositiveIntegerField(
        _("total number"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Running number since the first issue (总第M期); optional."),
    )
    issue_date = models.DateField(_("issue date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFTING)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    copies = models.PositiveIntegerField(_("copies printed"), null=True, blank=True, help_text=_("共印N份."))
    # The forms an archive issue was printed in, kept by the importer so that the issue looks as it was
    # printed (2014年第3期, …编印, 二〇一〇年六月八日, （共印八十份））. Empty for issues made here; cleared
    # by the services when an editor changes what they show, so nothing stale is ever printed.
    printed_masthead = models.JSONField(
        _("masthead as printed"),
        default=list,
        blank=True,
        help_text=_(
            "The masthead lines of an imported issue exactly as printed, marks included, in order; a number or date it lacked is added in the usual form."
        ),
    )
    printed_copies = models.CharField(
        _("copies line as printed"),
        max_length=50,
        blank=True,
        help_text=_("The copies line of an imported issue exactly as printed, such as （共印80份）."),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_issues",
    )
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    publish_at = models.DateTimeField(
        _("scheduled publication"), null=True, blank=True, help_text=_("Publish automatically at this time.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "year", "number"],
                name="issue_unique_number_per_year",
                violation_error_message=_("This issue number is already taken in that year."),
            ),
            models.UniqueConstraint(
                fields=["publication", "total_number"],
                condition=models.Q(total_number__isnull=False),
                name="issue_unique_total_number",
                violation_error_message=_("This total number is already taken by another issue."),
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="issue_number_positive",
                violation_error_message=_("The issue number must be at least 1."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="issue_published_has_time",
                violation_error_message=_("A published issue needs a publication time."),
            ),
        ]
        indexes = [models.Index(fields=["status", "-issue_date"], name="issue_status_date")]
        permissions = [("sign_issue", _("Can sign off issues"))]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """``2012年第2期``, with the running number when there is one."""
        if self.total_number:
            return gettext("%(year)s No. %(number)s (total No. %(total)s)") % {
                "year": self.year,
                "number": self.number,
                "total": self.total_number,
            }
        return gettext("%(year)s No. %(number)s") % {"year": self.year, "number": self.number}

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def printed_masthead_parts(self) -> tuple[list[str], str, list[str]] | None:
        """The masthead as printed, split around the line with the publication's title (spaces and
        《》 aside): (the lines above it, such as 内部资料, the title line, the lines below it). None
        when the issue keeps no printed masthead or none of its lines is the title: then the
        masthead is printed from the fields."""
        lines = [line for line in self.printed_masthead or [] if isinstance(line, str) and line.strip()]
        if not lines:
            return None

        def bare(text: str) -> str:
            return "".join(char for char in text if not char.isspace() and char not in "《》")

        title = bare(self.publication.title)
        for index, line in enumerate(lines):
            if title and bare(line) == title:
                return lines[:index], line, lines[index + 1 :]
        return None


class IssueAction(models.TextChoices):
    CREATE = "create", _("Create")
    SEND_FOR_SIGNOFF = "send_for_signoff", _("Send for sign-off")
    TAKE_BACK = "take_back", _("Take back")
    SIGN = "sign", _("Sign off")
    PUBLISH = "publish", _("Publish")
    RECALL = "recall", _("Recall")
    RESCHEDULE = "reschedule", _("Change the publication time")


class IssueTransition(models.Model):
    """One step of the issue workflow. ``actor`` is empty when the scheduler published the issue."""

    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=20, choices=IssueAction.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Issue.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Issue.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issue_transitions",
    )
    note = models.TextField(_("note"), blank=True)
    created = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("issue transition")
        verbose_name_plural = _("issue transitions")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.issue}：{self.get_action_display()}"
