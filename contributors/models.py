from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def roots(self):
        return self.filter(parent__isnull=True)


class Unit(models.Model):
    """A contributing unit: a 市总 department, a city or district union, a town union, …"""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("City federation department")
        FEDERATION = "federation", _("City or district federation")
        TOWN = "town", _("Town or subdistrict union")
        INDUSTRY = "industry", _("Industry or system union")
        GRASSROOTS = "grassroots", _("Grassroots union")
        OTHER = "other", _("Other")

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        error_messages={"unique": _("A unit with this name already exists.")},
        help_text=_("The full name as printed in attributions, e.g. 张家港市总工会."),
    )
    short_name = models.CharField(
        _("short name"), max_length=50, blank=True, help_text=_("Optional short form, e.g. 张家港市总.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name=""),
                name="unit_name_not_empty",
                violation_error_message=_("A unit needs a name."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def ancestors(self) -> list["Unit"]:
        """The chain of parents, nearest first. Stops on a cycle rather than looping forever."""
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def clean(self):
        super().clean()
        self.name = (self.name or "").strip()
        if not self.name:
            raise ValidationError({"name": _("A unit needs a name.")})
        if (
            self.parent_id is not None
            and self.pk is not None
            and (self.parent_id == self.pk or any(unit.pk == self.pk for unit in self.parent.ancestors()))
        ):
            raise ValidationError(
                {"parent": _("A unit cannot be placed under itself or under one of its own sub-units.")}
            )


def descendant_ids(unit_ids) -> set[int]:
    """The given units and every unit below them, one query per tree level."""
    found = set(unit_ids)
    frontier = set(found)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


class Staff(models.Model):
    """Links a user account to the one unit they write for or work in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="staff")
    title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["unit__position", "user__username"]

    def __str__(self):
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name}（{self.unit.name}）"


class LoginEvent(models.Model):
    """Every login, logout and failed login; failures also drive the login throttle."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGOUT = "logout", _("Logged out")
        FAILED = "failed", _("Failed login")
        BLOCKED = "blocked", _("Blocked by the throttle")
        UNLOCKED = "unlocked", _("Unlocked")

    kind = models.CharField(_("event"), max_length=10, choices=Kind.choices)
    username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="login_events",
    )
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True, db_index=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    cleared = models.BooleanField(
        _("cleared"), default=False, help_text=_("A cleared failure no longer counts towards a lock.")
    )
    created = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        ordering = ["-created"]
        indexes = [models.Index(fields=["kind", "cleared", "created"], name="loginevent_failures")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username} {self.ip or ''}".strip()


class Activity(models.Model):
    """One counted event of one article for one of its units: the table the adoption statistics
    (``infowork.stats``) count, kept in step with the articles by ``contributors.activity``.

    A row is derived, never edited: ``contributors.activity.refresh`` rewrites an article's rows from
    its transition log, its status and its units whenever one of those changes, in the same
    transaction. ``manage.py rebuild_activity`` rebuilds (or, with ``--check``, verifies) them all.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        REJECTED = "rejected", _("rejected")
        ACCEPTED = "accepted", _("accepted")
        PUBLISHED = "published", _("published")

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    # The top of the unit's tree, for the rolled-up figures; null only for a unit caught in a cycle.
    root = models.ForeignKey(
        Unit, verbose_name=_("top unit"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    # False on all but one of an article's rows for the same event under the same top unit, so that
    # the roll-up counts an article once per line however many of its units sit under it.
    root_first = models.BooleanField(_("first under its top unit"), default=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The office's calendar day of the event (Asia/Shanghai).
    day = models.DateField(_("day"))
    # The day of the article's previous event of the same kind, if any: a range counts an article
    # once however often it was (say) resubmitted in it, by counting only the events whose previous
    # one lies before the range.
    since = models.DateField(_("previous event"), null=True)
    # Published rows, and an archive article's submitted and accepted rows: the section and the
    # publication of its issue.
    section = models.ForeignKey(
        "bulletin.Section", verbose_name=_("section"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    publication = models.ForeignKey(
        "bulletin.Publication",
        verbose_name=_("publication"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("statistics event")
        verbose_name_plural = _("statistics events")
        indexes = [
            models.Index(fields=["day"], name="activity_day"),
            models.Index(fields=["unit", "day"], name="activity_unit_day"),
            models.Index(fields=["article"], name="activity_article"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.day} ({self.article_id}/{self.unit_id})"
