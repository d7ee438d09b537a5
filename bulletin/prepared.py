"""Querysets compiled once per database connection and run again with new values.

Building and compiling a queryset costs Django 0.3–1 ms; running the small queries of the reader's
issue page costs SQLite less than 0.1 ms. On that page, read by everybody at once when an issue goes
out, the ORM's bookkeeping was most of the time spent on the database. A ``PreparedQuery`` keeps
the ORM as the one definition of a query and pays for it once:

- on first use on a connection it builds the queryset twice, with two sets of sample values, and
  compiles both; the SQL must come out the same, and the parameters that differ are where the
  values go (a queryset whose SQL depends on the values is refused);
- afterwards a run puts the values in, executes the SQL on the same connection and turns the rows
  into model instances as ``QuerySet.__iter__`` does: the backend's converters, ``select_related``
  objects, annotations.

What the SQL may depend on other than the values (who is asking, say) is passed as a *shape*
argument: each shape is compiled once. Model querysets only; no ``prefetch_related``.
"""

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import ModelIterable, get_related_populators
from django.db.models.signals import post_init, pre_init

# Sample values for the two compilations: valid for any field of their type (a positive small
# integer, a short string), and different from each other.
SAMPLES = {
    int: (lambda index: 10_001 + index, lambda index: 20_001 + index),
    str: (lambda index: f"prepared-a-{index}", lambda index: f"prepared-b-{index}"),
}


@dataclass(frozen=True)
class Compiled:
    sql: str | None  # None: the query can match nothing (Django's EmptyResultSet)
    params: tuple
    slots: tuple[tuple[int, str], ...]  # (position in params, value name)
    compiler: Any
    converters: dict
    model_fields: slice
    make: Callable | None  # make(db) -> build(values): the model objects of one run (_from_db)
    populators: list
    annotation_col_map: dict
    col_count: int
    trim: bool  # rows carry extra columns beyond col_count
    track_peers: bool = False


BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


class PreparedQuery:
    """``PreparedQuery(build, year=int, number=int)``: ``build(**shape, year=…, number=…)`` returns the
    queryset; ``query(member=True, year=2012, number=2)`` returns its objects as a list."""

    def __init__(self, build: Callable[..., Any], **values: type):
        unsupported = {name: kind for name, kind in values.items() if kind not in SAMPLES}
        if unsupported:
            raise ImproperlyConfigured(f"PreparedQuery values must be int or str: {unsupported}")
        self.build = build
        self.values = values
        # connection -> {shape: Compiled}; a connection belongs to one thread.
        self._compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._alias: str | None = None

    def __call__(self, **arguments) -> list:
        shape = tuple(sorted((name, value) for name, value in arguments.items() if name not in self.values))
        missing = set(self.values) - set(arguments)
        if missing:
            raise TypeError(f"PreparedQuery needs the values {sorted(missing)}")
        if any(
            kind is int and not (BIGINT_MIN <= int(arguments[name]) <= BIGINT_MAX)
            for name, kind in self.values.items()
        ):
            # No integer column holds it, and SQLite's driver raises OverflowError on binding it:
            # nothing can match (the ORM answers such lookups the same way).
            return []
        connection = connections[self._alias] if self._alias else None
        compiled = self._compiled.get(connection, {}).get(shape) if connection is not None else None
        if compiled is None:
            compiled = self._compile(dict(shape))
            connection = connections[self._alias]
            self._compiled.setdefault(connection, {})[shape] = compiled
        if compiled.sql is None:
            return []
        params = list(compiled.params)
        for position, name in compiled.slots:
            params[position] = self.values[name](arguments[name])
        with compiled.compiler.connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return self._objects(compiled, rows)

    def _compile(self, shape: dict) -> Compiled:
        compiled = []
        for which in (0, 1):
            values = {
                name: SAMPLES[kind][which](index) for index, (name, kind) in enumerate(self.values.items())
            }
            queryset = self.build(**shape, **values)
            if queryset._iterable_class is not ModelIterable or queryset._prefetch_related_lookups:
                raise ImproperlyConfigured(
                    "PreparedQuery runs plain model querysets (no values(), no prefetch)."
                )
            if queryset._known_related_objects:
                raise ImproperlyConfigured("PreparedQuery cannot run a related manager's queryset.")
            compiler = queryset.query.get_compiler(using=queryset.db)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                sql, params = None, ()
            compiled.append((sql, tuple(params), values, compiler, queryset))
        (sql_a, params_a, values_a, _, _), (sql_b, params_b, values_b, compiler, queryset) = compiled
        if sql_a != sql_b or len(params_a) != len(params_b):
            raise ImproperlyConfigured("PreparedQuery: the SQL depends on the values; pass it as a shape.")
        slots = []
        for position, (first, second) in enumerate(zip(params_a, params_b, strict=True)):
            if first == second:
                continue
            name = next(
                (name for name in self.values if values_a[name] == first and values_b[name] == second), None
            )
            if name is None:
                raise ImproperlyConfigured(f"PreparedQuery: parameter {position} changes but is no value.")
            slots.append((position, name))
        unused = set(self.values) - {name for _, name in slots}
        if unused and sql_b is not None:
            raise ImproperlyConfigured(f"PreparedQuery: the values {sorted(unused)} do not reach the SQL.")
        self._alias = queryset.db
        select, klass_info = compiler.select, compiler.klass_info
        if sql_b is None:
            return Compiled(
                sql=None,
                params=(),
                slots=(),
                compiler=compiler,
                converters={},
                model_fields=slice(0),
                make=None,
                populators=[],
                annotation_col_map={},
                col_count=0,
                trim=False,
            )
        fields = [column[0] for column in select[0 : compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise ImproperlyConfigured("PreparedQuery does not read composite primary keys.")
        fetch_mode = queryset._fetch_mode
        select_fields = klass_info["select_fields"]
        model_fields = slice(select_fields[0], select_fields[-1] + 1)
        return Compiled(
            sql=sql_b,
            params=params_b,
            slots=tuple(slots),
            compiler=compiler,
            converters=compiler.get_converters(fields),
            model_fields=model_fields,
            make=_from_db(
                klass_info["model"],
                fetch_mode,
                [column[0].target.attname for column in select[model_fields]],
            ),
            track_peers=fetch_mode.track_peers,
            populators=get_related_populators(klass_info, select, queryset.db, fetch_mode),
            annotation_col_map=compiler.annotation_col_map or {},
            col_count=compiler.col_count,
            trim=compiler.has_extra_select,
        )

    def _objects(self, compiled: Compiled, rows) -> list:
        if compiled.trim:
            rows = [row[: compiled.col_count] for row in rows]
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        objects = []
        peers = []
        build = compiled.make(self._alias)
        for row in rows:
            obj = build(row[compiled.model_fields])
            if compiled.track_peers:
                peers.append(weakref.ref(obj))
                obj._state.peers = peers
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, position in compiled.annotation_col_map.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _from_db(model, fetch_mode, names):
    """A maker of ``model`` objects for one run: ``make(db) -> build(values)``. ``build`` is
    ``model.from_db``; or, where nothing could tell the difference, the same object made without
    ``Model.__init__`` (most of the cost of reading a row), then announced with ``post_init`` as
    ``__init__`` does: ``from_db`` not overridden, no field set through a descriptor of its own
    (files; a foreign key's id is a plain attribute on a new object), and, looked up on each run,
    no ``pre_init`` receiver (it would expect the constructor's arguments)."""

    def plain(name) -> bool:
        descriptor = getattr(model, name, None)
        return not hasattr(descriptor, "__set__") or type(descriptor) is ForeignKeyDeferredAttribute

    can_skip_init = model.from_db.__func__ is Model.from_db.__func__ and all(map(plain, names))
    new = model.__new__

    def make(db):
        if not can_skip_init or pre_init.has_listeners(model):
            return lambda values: model.from_db(db, names, values, fetch_mode=fetch_mode)
        announce = post_init.has_listeners(model)

        def build(values):
            obj = new(model)
            obj.__dict__.update(zip(names, values, strict=True))
            state = obj._state = ModelState()
            state.adding, state.db = False, db
            if fetch_mode is not None:
                state.fetch_mode = fetch_mode
            if announce:
                post_init.send(sender=model, instance=obj)
            return obj

        return build

    return make
