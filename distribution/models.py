from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bulletin.models import Issue

INVALID_EMAIL = _("“%(value)s” is not a valid e-mail address; check it for typos (e.g. name@example.org).")


class LineKind(models.TextChoices):
    REPORT = "report", _("Sent up to (报送)")
    DISTRIBUTE = "distribute", _("Distributed to (印发)")
    COPY = "copy", _("Copied to (抄送)")


# The footer lines in the order they are printed (报送, 印发, 抄送), not the alphabet's order of their
# codes; every list of lines or groups sorts by it.
KIND_ORDER = (LineKind.REPORT, LineKind.DISTRIBUTE, LineKind.COPY)
KIND_PRINT_POSITION = models.Case(
    # Lookups, not keyword conditions: a Q cannot be re-rooted when another model orders by this one
    # (Recipient's ordering follows its group's).
    *(
        models.When(models.lookups.Exact(models.F("kind"), kind), then=models.Value(position))
        for position, kind in enumerate(KIND_ORDER)
    ),
    default=models.Value(len(KIND_ORDER)),
    output_field=models.IntegerField(),
)


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
        ordering = [KIND_PRINT_POSITION.asc(), "position", "pk"]
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
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        error_messages={"invalid": INVALID_EMAIL},
        help_text=_("Where the issue is mailed; leave empty to use the e-mail address of the user account."),
    )
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
    # The label an imported issue printed (报：, 送：, 本期印发：), colon included; empty for the usual
    # label. Cleared when an editor sets the line.
    printed_label = models.CharField(
        _("label as printed"),
        max_length=20,
        blank=True,
        help_text=_("The label of an imported line exactly as printed, such as 报：."),
    )

    class Meta:
        verbose_name = _("distribution line")
        verbose_name_plural = _("distribution lines")
        ordering = ["issue", KIND_PRINT_POSITION.asc()]
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
        if self.text.strip() or self.pk is None:
            return self.printed_text(())
        return self.printed_text(self.groups.all())

    def printed_text(self, groups) -> str:
        """The override, else the names of ``groups`` (this line's, read by the caller) joined with 、."""
        if self.text.strip():
            return self.text.strip()
        return "、".join(group.name for group in sorted(groups, key=lambda g: (g.position, g.pk)))


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    NO_ADDRESS = "no_address", _("No e-mail address")


class DeliveryQuerySet(models.QuerySet):
    def for_receipts(self):
        """Rows for the read-receipt page and its CSV: the person, their account and their groups."""
        return self.select_related("user").prefetch_related("groups").order_by("name", "email", "pk")

    def opened(self):
        return self.filter(first_read_at__isnull=False)

    def due_for_retry(self, now, *, max_attempts: int, stale_before):
        """Failed deliveries whose next attempt has come, and sends that never finished."""
        return self.filter(
            models.Q(status=DeliveryStatus.FAILED, attempts__lt=max_attempts, next_attempt_at__lte=now)
            | models.Q(status=DeliveryStatus.SENDING, last_attempt_at__lt=stale_before)
        )


class Delivery(models.Model):
    """One person's copy of one published issue: the e-mail with their personal reading link, how
    sending it went, and when they read the issue. One row per person per issue, whatever the number
    of groups they are in, so publishing twice never mails anybody twice. The name, title and address
    are kept as they were when the issue went out, so the receipt survives a deleted account."""

    issue = models.ForeignKey(
        "bulletin.Issue", verbose_name=_("issue"), on_delete=models.CASCADE, related_name="deliveries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    groups = models.ManyToManyField(
        RecipientGroup, verbose_name=_("recipient groups"), blank=True, related_name="deliveries"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    link_nonce = models.CharField(_("link key"), max_length=32)
    link_revoked_at = models.DateTimeField(_("link withdrawn at"), null=True, blank=True)
    link_kept_at = models.DateTimeField(
        _("link kept at"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the editorial office keeps the link working although the person's account was "
            "deactivated or they left the issue's recipient groups."
        ),
    )
    first_read_at = models.DateTimeField(_("first read"), null=True, blank=True)
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)
    read_count = models.PositiveIntegerField(_("page views"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "user"],
                condition=models.Q(user__isnull=False),
                name="delivery_unique_user_per_issue",
                violation_error_message=_("This person already has a delivery of the issue."),
            ),
            models.UniqueConstraint(
                fields=["issue", "email"],
                condition=~models.Q(email=""),
                name="delivery_unique_email_per_issue",
                violation_error_message=_("This e-mail address already has a delivery of the issue."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="delivery_sent_has_time",
                violation_error_message=_("A sent delivery needs the time it was sent."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_status_next"),
        ]

    def __str__(self):
        who = self.display_name
        return f"{who}（{self.title}）" if self.title else who

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.user_id and self.user:
            return self.user.get_full_name() or self.user.get_username()
        return self.email

    @property
    def link_active(self) -> bool:
        return self.link_revoked_at is None

    @property
    def opened(self) -> bool:
        return self.first_read_at is not None


class DeliveryAction(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Sending failed")
    NO_ADDRESS = "no_address", _("No e-mail address")
    RESENT = "resent", _("Re-send requested")
    REVOKED = "revoked", _("Reading link withdrawn")
    KEPT = "kept", _("Reading link kept for a former recipient")


class DeliveryEvent(models.Model):
    """The log of a delivery: queued, every sending attempt and its outcome, re-sends, withdrawals.
    ``actor`` is empty for what the system did by itself."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=DeliveryAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("delivery event")
        verbose_name_plural = _("delivery events")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.delivery}：{self.get_action_display()}"


class IssueReceipt(Issue):
    """The read receipts of an issue, as a page of the back office (no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        default_permissions = ("view",)
