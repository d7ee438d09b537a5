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
