"""Changes to the unit list that the editorial office makes on the desk: merging one unit into another,
confirming a unit an import created, adding a former name (曾用名).

Each function takes ``actor=`` and checks it itself (editors and superusers only), works inside one
``transaction.atomic()``, and writes a ``UnitEvent`` row. Anything that may not happen raises
:class:`UnitError` with sentences a person can act on; nothing is changed then.

A merge moves everything that names the source to the target — the articles' links (an article that
already names the target is not linked twice), the staff, the sub-units, the former names, the
statistics events (rewritten by ``contributors.activity.refresh`` for the articles concerned) — and
sends :data:`contributors.signals.unit_merging` so that the apps above this one move their own rows.
The source's name becomes a former name of the target, so later imports of that name land there;
the bylines of the articles keep the name as printed. The source is then deleted. If anything else
still refers to it (a row of an app that did not move it), the merge is refused and nothing changes:
a leftover, inactive copy would keep a name that now belongs to the target, and the office would
count it twice again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from . import activity
from .models import Activity, Staff, Unit, UnitEvent, UnitFormerName, descendant_ids, former_name_problem
from .roles import Role, has_role
from .signals import unit_merging


class UnitError(Exception):
    """A change to the unit list that may not happen. ``messages`` are translated sentences."""

    def __init__(self, *messages):
        super().__init__(*messages)
        self.messages = [str(message) for message in messages]

    @property
    def message(self) -> str:
        return " ".join(self.messages)


def can_manage_units(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and has_role(user, Role.EDITOR))


def _check_actor(actor) -> None:
    if not can_manage_units(actor):
        raise UnitError(_("Only editors can change the unit list."))


# --- Merging ---------------------------------------------------------------------------------------


@dataclass
class MergePlan:
    """What merging ``source`` into ``target`` will do: shown on the confirmation page, logged after."""

    source: Unit
    target: Unit
    articles: int = 0  # articles of the source
    articles_shared: int = 0  # of those, the ones that already name the target too
    staff: int = 0
    children: int = 0
    former_names: list[str] = field(default_factory=list)  # the target's former names afterwards
    source_former_names: list[str] = field(default_factory=list)

    @property
    def new_former_names(self) -> list[str]:
        """The names that become former names of the target."""
        return [name for name in [self.source.name, *self.source_former_names] if name != self.target.name]


def merge_problem(source: Unit | None, target: Unit | None) -> str | None:
    """Why ``source`` cannot be merged into ``target``, or ``None``."""
    if source is None:
        return _("The unit to merge no longer exists.")
    if target is None:
        return _("The unit to merge into does not exist; choose one from the list.")
    if source.pk == target.pk:
        return _("A unit cannot be merged into itself.")
    if not target.active:
        return _("%(target)s is no longer in use; merge into a unit that is.") % {"target": target.name}
    if target.pk in descendant_ids([source.pk]):
        return _(
            "%(target)s is one of the sub-units of %(source)s; a unit cannot be merged into its own sub-unit."
        ) % {"target": target.name, "source": source.name}
    return None


def merge_plan(source: Unit, target: Unit) -> MergePlan:
    """Count what a merge would move (a handful of queries)."""
    through = Unit.articles.through
    article_ids = set(through.objects.filter(unit_id=source.pk).values_list("article_id", flat=True))
    shared = (
        through.objects.filter(unit_id=target.pk, article_id__in=article_ids).count() if article_ids else 0
    )
    source_former = list(source.former_names.order_by("name").values_list("name", flat=True))
    target_former = list(target.former_names.order_by("name").values_list("name", flat=True))
    added = [name for name in [source.name, *source_former] if name != target.name]
    return MergePlan(
        source=source,
        target=target,
        articles=len(article_ids),
        articles_shared=shared,
        staff=Staff.objects.filter(unit_id=source.pk).count(),
        children=Unit.objects.filter(parent_id=source.pk).count(),
        former_names=sorted({*target_former, *added}),
        source_former_names=source_former,
    )


def _locked(pks: list[int]) -> dict[int, Unit]:
    return {
        unit.pk: unit for unit in Unit.objects.select_for_update().filter(pk__in=sorted(pks)).order_by("pk")
    }


# Rows that go with a deleted unit by design: its links to articles (moved first, so none are left),
# its statistics events (rewritten for the moved articles), its own former names (moved first). Rows
# whose link is set to NULL (logs: ours, infowork's) stay, unlinked, as their apps chose.
def _left_behind(source: Unit) -> list[str]:
    """The kinds of records that would still be lost or block deleting ``source`` (none normally)."""
    allowed = {Unit, UnitFormerName, Unit.articles.through, Activity}
    collector = Collector(using=router.db_for_write(Unit, instance=source), origin=source)
    try:
        collector.collect([source])
    except ProtectedError as error:
        return sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
    except RestrictedError as error:
        return sorted({str(obj._meta.verbose_name_plural) for obj in error.restricted_objects})
    found = {
        str(model._meta.verbose_name_plural)
        for model, objects in collector.data.items()
        if model not in allowed and objects
    }
    found |= {
        str(queryset.model._meta.verbose_name_plural)
        for queryset in collector.fast_deletes
        if queryset.model not in allowed and queryset.exists()
    }
    return sorted(found)


def unit_merge(*, actor, source: Unit, target: Unit | None, note: str = "") -> UnitEvent:
    """Merge ``source`` into ``target`` (see the module docstring). Returns the log row."""
    _check_actor(actor)
    problem = merge_problem(source, target)
    if problem:
        raise UnitError(problem)
    with transaction.atomic():
        locked = _locked([source.pk, target.pk])
        source, target = locked.get(source.pk), locked.get(target.pk)
        problem = merge_problem(source, target)
        if problem:
            raise UnitError(problem)
        clash = (
            UnitFormerName.objects.filter(name=source.name).exclude(unit_id=source.pk).select_related("unit")
        )
        clash = clash.first()
        if clash is not None:  # data from before the rules: never make it worse
            raise UnitError(
                _("%(name)s is already a former name of %(unit)s.")
                % {"name": clash.name, "unit": clash.unit.name}
            )
        plan = merge_plan(source, target)
        with activity.deferred():
            article_ids = list(source.articles.values_list("pk", flat=True))
            # Through the relation's managers, so the search text and the statistics events follow.
            target.articles.add(*article_ids)
            source.articles.clear()
            Staff.objects.filter(unit_id=source.pk).update(unit=target)
            for child in Unit.objects.filter(parent_id=source.pk).order_by("pk"):
                child.parent = target
                child.save(update_fields=["parent", "updated"])
            source.former_names.filter(name=target.name).delete()
            source.former_names.update(unit=target)
            UnitFormerName.objects.create(
                unit=target, name=source.name, note=note[:200], merged_unit_id=source.pk
            )
            responses = unit_merging.send(sender=Unit, source=source, target=target, actor=actor)
            left = _left_behind(source)
            if left:
                raise UnitError(
                    _("%(source)s cannot be merged: these records still refer to it: %(what)s.")
                    % {"source": source.name, "what": "、".join(left)}
                )
            activity.refresh(article_ids)
            source_pk, source_name = source.pk, source.name
            source.delete()
        if target.needs_review:
            target.needs_review = False
            target.save(update_fields=["needs_review", "updated"])
        return UnitEvent.objects.create(
            unit=target,
            unit_name=target.name,
            action=UnitEvent.Action.MERGED,
            actor=actor,
            note=note,
            details={
                "source_id": source_pk,
                "source_name": source_name,
                "articles": plan.articles,
                "articles_shared": plan.articles_shared,
                "staff": plan.staff,
                "children": plan.children,
                "former_names": plan.new_former_names,
                "other": {
                    getattr(receiver, "__module__", str(receiver)): response
                    for receiver, response in responses
                    if isinstance(response, int)
                },
            },
        )


# --- Confirming and naming -------------------------------------------------------------------------


def unit_confirm(*, actor, unit: Unit, note: str = "") -> Unit:
    """An editor confirms that a unit an import created is a unit of its own."""
    _check_actor(actor)
    with transaction.atomic():
        locked = _locked([unit.pk]).get(unit.pk)
        if locked is None:
            raise UnitError(_("The unit no longer exists."))
        if not locked.needs_review:
            raise UnitError(_("%(unit)s has already been confirmed.") % {"unit": locked.name})
        locked.needs_review = False
        locked.save(update_fields=["needs_review", "updated"])
        UnitEvent.objects.create(
            unit=locked, unit_name=locked.name, action=UnitEvent.Action.CONFIRMED, actor=actor, note=note
        )
    unit.needs_review = False
    return locked


def unit_add_former_name(
    *, actor, unit: Unit, name: str, until_year: int | None = None, note: str = ""
) -> UnitFormerName:
    """Record a name ``unit`` went by before. The name may be no unit's current name and no other
    former name: for a unit that exists under the old name, merge it instead."""
    _check_actor(actor)
    name, note = (name or "").strip(), (note or "").strip()
    if not name:
        raise UnitError(_("Write the former name."))
    limit = UnitFormerName._meta.get_field("name").max_length
    if len(name) > limit:
        raise UnitError(_("A former name can be at most %(limit)s characters.") % {"limit": limit})
    with transaction.atomic():
        locked = _locked([unit.pk]).get(unit.pk)
        if locked is None:
            raise UnitError(_("The unit no longer exists."))
        problem = former_name_problem(name, unit_id=locked.pk)
        if problem:
            raise UnitError(problem)
        try:
            with transaction.atomic():
                former = UnitFormerName.objects.create(
                    unit=locked, name=name, until_year=until_year, note=note[:200]
                )
        except IntegrityError:  # added by someone else a moment ago
            raise UnitError(
                former_name_problem(name, unit_id=locked.pk) or _("Write the former name.")
            ) from None
        UnitEvent.objects.create(
            unit=locked,
            unit_name=locked.name,
            action=UnitEvent.Action.FORMER_NAME_ADDED,
            actor=actor,
            note=note,
            details={"name": name, "until_year": until_year},
        )
    return former
