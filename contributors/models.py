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
    # Set when an import creates the unit from an attribution it did not know; cleared when an
    # editor confirms it as a unit of its own (or it is merged away).
    needs_review = models.BooleanField(
        _("to be checked"),
        default=False,
        help_text=_("Created by an archive import; an editor has not yet confirmed it as a unit of its own."),
    )
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
        taken = UnitFormerName.objects.filter(name=self.name)
        if self.pk is not None:
            taken = taken.exclude(unit_id=self.pk)
        holder = taken.select_related("unit").first()
        if holder is not None:
            raise ValidationError(
                {
                    "name": _(
                        "%(name)s is a former name of %(unit)s; a unit cannot take another unit's name."
                    )
                    % {"name": self.name, "unit": holder.unit.name}
                }
            )
        if (
            self.parent_id is not None
            and self.pk is not None
            and (self.parent_id == self.pk or any(unit.pk == self.pk for unit in self.parent.ancestors()))
        ):
            raise ValidationError(
                {"parent": _("A unit cannot be placed under itself or under one of its own sub-units.")}
            )


class UnitFormerName(models.Model):
    """A name the unit went by before (曾用名): 吴江市总工会 for 吴江区总工会, or the name of a unit
    merged into it. An archive import that meets the name links the article to today's unit (and
    keeps the byline as printed). A name is one unit's only: unique among the former names, and no
    unit's current name (checked in ``clean`` and by ``contributors.services``)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField(
        _("former name"),
        max_length=100,
        unique=True,
        error_messages={"unique": _("This former name already belongs to a unit.")},
    )
    until_year = models.PositiveSmallIntegerField(
        _("used until"), null=True, blank=True, help_text=_("The last year the name was used, e.g. 2012.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    # The id the unit had when it was merged into ``unit`` (empty for a plain rename).
    merged_unit_id = models.PositiveIntegerField(
        _("id of the merged unit"), null=True, blank=True, editable=False
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["unit", "-until_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name=""),
                name="unit_former_name_not_empty",
                violation_error_message=_("A former name cannot be empty."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.name = (self.name or "").strip()
        self.note = (self.note or "").strip()
        if not self.name:
            raise ValidationError({"name": _("A former name cannot be empty.")})
        problem = former_name_problem(self.name, unit_id=self.unit_id, exclude_pk=self.pk)
        if problem:
            raise ValidationError({"name": problem})


def former_name_problem(name: str, *, unit_id: int | None, exclude_pk: int | None = None) -> str | None:
    """Why ``name`` cannot become a former name of the unit ``unit_id``, or ``None``."""
    current = Unit.objects.filter(name=name).only("pk", "name").first()
    if current is not None and current.pk == unit_id:
        return _("%(name)s is the unit's current name, not a former one.") % {"name": name}
    if current is not None:
        return _(
            "%(name)s is the current name of another unit. If it is the same unit, merge that unit "
            "into this one instead."
        ) % {"name": name}
    other = UnitFormerName.objects.filter(name=name).select_related("unit")
    if exclude_pk is not None:
        other = other.exclude(pk=exclude_pk)
    other = other.first()
    if other is not None and other.unit_id == unit_id:
        return _("%(name)s is already one of the unit's former names.") % {"name": name}
    if other is not None:
        return _("%(name)s is already a former name of %(unit)s.") % {"name": name, "unit": other.unit.name}
    return None


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


class UnitEvent(models.Model):
    """The history of the unit list: a merge, an imported unit confirmed, a former name added. Who,
    when, and (``details``) what moved; written by ``contributors.services``, never edited."""

    class Action(models.TextChoices):
        MERGED = "merged", _("Merged")
        CONFIRMED = "confirmed", _("Confirmed as a unit of its own")
        FORMER_NAME_ADDED = "former_name_added", _("Former name added")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    unit_name = models.CharField(_("unit name"), max_length=100)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unit_events",
    )
    note = models.TextField(_("note"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("unit history")
        verbose_name_plural = _("unit history")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.unit_name}：{self.get_action_display()}"

    @property
    def summary(self) -> str:
        """One sentence of what happened, for the desk and the admin."""
        details = self.details or {}
        if self.action == self.Action.MERGED:
            return _(
                "%(source)s merged into %(target)s: %(articles)s articles, %(staff)s staff members and "
                "%(children)s sub-units moved."
            ) % {
                "source": details.get("source_name", ""),
                "target": self.unit_name,
                "articles": details.get("articles", 0),
                "staff": details.get("staff", 0),
                "children": details.get("children", 0),
            }
        if self.action == self.Action.FORMER_NAME_ADDED:
            return _("Former name added: %(name)s.") % {"name": details.get("name", "")}
        return str(self.get_action_display())
