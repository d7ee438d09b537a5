from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class LineKind(models.TextChoices):
    REPORT = "report", _("Sent up to (报送)")
    DISTRIBUTE = "distribute", _("Distributed to (印发)")
    COPY = "copy", _("Copied to (抄送)")


class RecipientGroup(models.Model):
    """A recipient group as printed in the footer, e.g. 市四套班子有关领导."""

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        error_messages={"unique": _("A recipient group with this name already exists.")},
        help_text=_("Exactly as printed in the footer line."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices, default=LineKind.DISTRIBUTE)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    default_for = models.ManyToManyField(
        "bulletin.Publication",
        verbose_name=_("default for publications"),
        blank=True,
        related_name="default_recipient_groups",
        help_text=_("New issues of these publications get this group on their footer line."),
    )

    class Meta:
        verbose_name = _("recipient group")
        verbose_name_plural = _("recipient groups")
        ordering = ["kind", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name=""),
                name="recipientgroup_name_not_empty",
                violation_error_message=_("A recipient group needs a name."),
            ),
        ]

    def __str__(self):
        return self.name


class Recipient(models.Model):
    """A member of a recipient group: a reader account, a plain e-mail address, or both."""

    group = models.ForeignKey(
        RecipientGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recipient_memberships",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["group", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""),
                name="recipient_user_or_email",
                violation_error_message=_("A recipient needs a user account or an e-mail address."),
            ),
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(user__isnull=False),
                name="recipient_unique_user_per_group",
                violation_error_message=_("This user is already a member of the group."),
            ),
            models.UniqueConstraint(
                fields=["group", "email"],
                condition=~models.Q(email=""),
                name="recipient_unique_email_per_group",
                violation_error_message=_("This e-mail address is already a member of the group."),
            ),
        ]

    def __str__(self):
        who = (
            self.name
            or (self.user.get_full_name() or self.user.get_username() if self.user else "")
            or self.email
        )
        return f"{who}（{self.title}）" if self.title else who

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        if self.user_id is None and not self.email:
            raise ValidationError(_("A recipient needs a user account or an e-mail address."))


class IssueLine(models.Model):
    """One footer line of an issue: 本期报送, 本期印发 or 抄送, from groups or typed by hand."""

    issue = models.ForeignKey(
        "bulletin.Issue", verbose_name=_("issue"), on_delete=models.CASCADE, related_name="distribution_lines"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    groups = models.ManyToManyField(RecipientGroup, verbose_name=_("recipient groups"), blank=True)
    text = models.CharField(
        _("text as printed"),
        max_length=1000,
        blank=True,
        help_text=_("Overrides the line generated from the groups, for odd cases."),
    )

    class Meta:
        verbose_name = _("distribution line")
        verbose_name_plural = _("distribution lines")
        ordering = ["issue", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "kind"],
                name="issueline_unique_kind_per_issue",
                violation_error_message=_("This issue already has a line of that kind."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.display_text}"

    @property
    def display_text(self) -> str:
        """The text printed after the label: the override, else the groups' names joined with 、."""
        if self.text.strip():
            return self.text.strip()
        if self.pk is None:
            return ""
        return "、".join(group.name for group in sorted(self.groups.all(), key=lambda g: (g.position, g.pk)))
