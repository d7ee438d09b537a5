"""Information work (信息工作) records: correspondents, commissions, upward adoptions, leader
instructions, the scoring rules and the yuan per point, and the audit log of all of them.

Every change goes through ``infowork.services``; these models hold fields, constraints and pure
helpers only.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """How high the body is that took a piece up or instructed on it."""

    CITY = "city", _("Municipal Party committee and government")
    PROVINCE = "province", _("Provincial")
    NATIONAL = "national", _("National")
    CENTRAL = "central", _("Central offices")


class Correspondent(models.Model):
    """A staff member named as their unit's correspondent (信息员). The unit is the staff member's."""

    staff = models.OneToOneField(
        "contributors.Staff",
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="correspondent",
    )
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("For the editorial office's use only.")
    )
    active = models.BooleanField(_("active"), default=True)
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("correspondent")
        verbose_name_plural = _("correspondents")
        ordering = ["staff__unit__position", "staff__user__username"]

    def __str__(self):
        return str(self.staff)


class CommissionQuerySet(models.QuerySet):
    def running(self):
        """Commissions still waiting for answers: open or overdue."""
        return self.filter(status__in=[Commission.Status.OPEN, Commission.Status.OVERDUE])


class Commission(models.Model):
    """The office asks chosen units for a piece on a topic by a deadline (约稿)."""

    class Status(models.TextChoices):
        # In the office's words (征集中), not the plain "open" other screens translate as 打开.
        OPEN = "open", pgettext_lazy("commission state", "Open")
        OVERDUE = "overdue", pgettext_lazy("commission state", "Overdue")
        CLOSED = "closed", pgettext_lazy("commission state", "Closed")
        CANCELLED = "cancelled", pgettext_lazy("commission state", "Cancelled")

    title = models.CharField(_("title"), max_length=200)
    brief = models.TextField(_("brief"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    units = models.ManyToManyField(
        "contributors.Unit",
        verbose_name=_("units"),
        through="CommissionUnit",
        related_name="commissions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # Closing or cancelling: who, when and why.
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    end_note = models.TextField(_("note on closing"), blank=True)

    objects = CommissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "deadline"], name="commission_status_deadline")]

    def __str__(self):
        return self.title


class CommissionUnit(models.Model):
    """One unit a commission asks, with the reminders (催报) it was sent."""

    commission = models.ForeignKey(
        Commission, verbose_name=_("commission"), on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.ForeignKey(
        "contributors.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("commissioned unit")
        verbose_name_plural = _("commissioned units")
        constraints = [
            models.UniqueConstraint(fields=["commission", "unit"], name="commissionunit_once"),
        ]

    def __str__(self):
        return f"{self.commission} · {self.unit}"


class CommissionAnswer(models.Model):
    """An article written in answer to a commission; an article answers at most one."""

    commission = models.ForeignKey(
        Commission, verbose_name=_("commission"), on_delete=models.CASCADE, related_name="answers"
    )
    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="commission_answer",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer to a commission")
        verbose_name_plural = _("answers to commissions")

    def __str__(self):
        return f"{self.commission} · {self.article}"


class UpwardAdoption(models.Model):
    """A published piece taken up by a higher body (上级采用), with the outlet and the day."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="upward_adoptions",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    outlet = models.CharField(_("outlet"), max_length=200)
    adopted_on = models.DateField(_("date adopted"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("upward adoption")
        verbose_name_plural = _("upward adoptions")
        ordering = ["-adopted_on", "-pk"]
        indexes = [models.Index(fields=["adopted_on"], name="upwardadoption_day")]

    def __str__(self):
        return f"{self.article} · {self.outlet}"


class Instruction(models.Model):
    """A leader's written instruction on a published piece (领导批示)."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="instructions",
    )
    leader = models.CharField(_("leader"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    instructed_on = models.DateField(_("date of the instruction"))
    text = models.TextField(_("instruction"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("leader instruction")
        verbose_name_plural = _("leader instructions")
        ordering = ["-instructed_on", "-pk"]
        indexes = [models.Index(fields=["instructed_on"], name="instruction_day")]

    def __str__(self):
        return f"{self.leader} · {self.article}"


class InstructionFeedback(models.Model):
    """What the unit reports it did about an instruction (落实情况), and when."""

    instruction = models.ForeignKey(
        Instruction, verbose_name=_("instruction"), on_delete=models.CASCADE, related_name="feedback"
    )
    text = models.TextField(_("what was done"))
    done_on = models.DateField(_("date done"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback on an instruction")
        verbose_name_plural = _("feedback on instructions")
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.instruction} · {self.done_on}"


class ScoringRule(models.Model):
    """Points per event and level (积分规则). The bulletin's own events have no level."""

    class Event(models.TextChoices):
        ARTICLE = "article", _("Article used in our bulletin")
        BRIEF = "brief", _("Brief used in our bulletin")
        UPWARD = "upward", _("Upward adoption")
        INSTRUCTION = "instruction", _("Leader instruction")

    LEVELLED = (Event.UPWARD, Event.INSTRUCTION)

    event = models.CharField(_("event"), max_length=12, choices=Event.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    points = models.DecimalField(
        _("points"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    split = models.BooleanField(
        _("split between units"),
        default=False,
        help_text=_(
            "When a piece names several units, split the points between them; "
            "otherwise each unit gets the full points."
        ),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "level"], name="scoringrule_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="scoringrule_points_not_negative"),
            models.CheckConstraint(
                condition=(Q(event__in=["upward", "instruction"]) & ~Q(level=""))
                | (Q(event__in=["article", "brief"]) & Q(level="")),
                name="scoringrule_level_matches_event",
            ),
        ]

    def __str__(self):
        if self.level:
            return f"{self.get_event_display()} · {self.get_level_display()}"
        return str(self.get_event_display())


class PayRate(models.Model):
    """Yuan per point for one year (稿费标准)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    yuan_per_point = models.DecimalField(
        _("yuan per point"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pay rate")
        verbose_name_plural = _("pay rates")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(yuan_per_point__gte=0), name="payrate_not_negative"),
        ]

    def __str__(self):
        return f"{self.year}: {self.yuan_per_point}"


class InfoworkLog(models.Model):
    """Who did what, when, to which information-work record: every service writes one row."""

    class Action(models.TextChoices):
        CORRESPONDENT_SET = "correspondent_set", _("named a correspondent")
        CORRESPONDENT_CHANGE = "correspondent_change", _("changed a correspondent")
        CORRESPONDENT_END = "correspondent_end", _("ended a correspondent")
        COMMISSION_CREATE = "commission_create", _("created a commission")
        COMMISSION_ANSWER = "commission_answer", _("answered a commission")
        COMMISSION_REMIND = "commission_remind", _("sent a reminder")
        COMMISSION_OVERDUE = "commission_overdue", _("marked a commission overdue")
        COMMISSION_CLOSE = "commission_close", _("closed a commission")
        COMMISSION_CANCEL = "commission_cancel", _("cancelled a commission")
        UPWARD_RECORD = "upward_record", _("recorded an upward adoption")
        UPWARD_DELETE = "upward_delete", _("deleted an upward adoption")
        INSTRUCTION_RECORD = "instruction_record", _("recorded a leader instruction")
        INSTRUCTION_DELETE = "instruction_delete", _("deleted a leader instruction")
        FEEDBACK_RECORD = "feedback_record", _("reported feedback on an instruction")
        RULE_CHANGE = "rule_change", _("changed a scoring rule")
        PAY_RATE_SET = "pay_rate_set", _("set the yuan per point")

    # Empty for the system (the daily overdue task).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    commission = models.ForeignKey(
        Commission,
        verbose_name=_("commission"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="log",
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        "contributors.Unit",
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What was recorded or changed: field values (before and after for a change), the recipients of a
    # mail, the note given. Plain JSON, shown as it is in the admin.
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("information work log entry")
        verbose_name_plural = _("information work log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"
