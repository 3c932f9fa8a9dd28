"""Hot reads whose SQL is compiled once per process and run again with new ids, as SQLAlchemy's
baked queries do.

Django builds and compiles a QuerySet to SQL on every evaluation. For the pages opened all day (the
case page, the chair's live page) building and compiling their dozen reads took more of the
server's time than the database took to answer them: about 2,000 Python calls a read, most of them
quoting column names. A `CompiledRead` builds its QuerySet once with stand-in ids, compiles it, and
afterwards runs that SQL with the caller's ids in their places. The rows come back through the
QuerySet's own iterable (model instances, `values()`, `values_list()`), so field converters,
`select_related` and deferred fields behave exactly as with the ORM.

What may vary between calls, and how:
- a whole number (`int`, not `bool`) is an id: it is put in the SQL's parameters in place of its
  stand-in. It must be used only as a value to compare with (`pk=`, `family_id=`,
  `for_authority(...)`), never to decide what the QuerySet looks like;
- a list (or tuple) of whole numbers is a list of ids (`family_id__in=`): each is put in place of
  its stand-in, and each length gets its own compiled SQL (an empty list finds nothing, with no
  query, as with the ORM);
- anything else (a role, a flag, None) decides what the QuerySet looks like: each distinct value
  gets its own compiled SQL. It must be hashable.
Nothing else may: the build function must not read the clock, settings or the database.

When it is first compiled, a read is built twice with different stand-ins and both compilations are
compared, so a build whose SQL depends on an id's value, or that writes an id into the SQL text
rather than its parameters, is refused at once (`CompiledReadError`) rather than answering the
wrong rows later. `prefetch_related` is refused too: its QuerySets would keep the stand-ins.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import QuerySet

Row = TypeVar("Row")

# Within a 32-bit integer column's range (Django refuses out-of-range values at compile time), and
# far beyond any id the data could reach before the stand-ins are compared with a real one.
_STAND_IN_BASE = 2_000_000_000
_STAND_IN_STEP = 7_919
# Shapes are few (a role, a flag, a page's length of ids); more than this means ids are being
# passed as something other than int (a string from a URL), which would compile and keep SQL per id.
MAX_SHAPES = 256
_ID = object()  # in a shape: an id goes here


class CompiledReadError(ValueError):
    """The build function cannot be compiled once and run again with other ids."""


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet
    compiler: Any  # the template's SQLCompiler, after compiling (its select and klass_info are set)
    sql: str
    params: tuple
    # (position in params, index of the id among the ids, the parameter's type): PostgreSQL's
    # backend hands over a big integer column's value as psycopg's Int8, for one.
    slots: tuple[tuple[int, int, type], ...]


def _stand_ins(count: int, offset: int) -> list[int]:
    return [_STAND_IN_BASE + offset + index * _STAND_IN_STEP for index in range(count)]


class CompiledRead(Generic[Row]):
    """`read(*args)` is `list(build(*args))`, with `build`'s SQL compiled once per process for each
    combination of its non-id arguments (and lengths of its lists of ids)."""

    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self._build = build
        self._compiled: dict[Hashable, _Compiled | None] = {}  # None: finds nothing, whatever the ids
        self._lock = threading.Lock()
        self.__doc__ = build.__doc__
        code = getattr(build, "__code__", None)
        # A lambda's name says nothing: where it is written does.
        self.__name__ = f"{build.__module__}:{code.co_firstlineno}" if code else repr(build)

    def __call__(self, *args: Any) -> list[Row]:
        shape = tuple(_shape_of(arg) for arg in args)
        if shape in self._compiled:
            compiled = self._compiled[shape]
        else:
            with self._lock:
                if len(self._compiled) >= MAX_SHAPES:
                    raise CompiledReadError(f"{self.__name__}: over {MAX_SHAPES} shapes; ids must be int")
                compiled = self._compiled[shape] = self._compile(args)
        if compiled is None:
            return []  # as the ORM: no query for what can match nothing (an empty list of ids)
        ids = _ids_in(args)
        params = list(compiled.params)
        for position, index, kind in compiled.slots:
            params[position] = ids[index] if kind is int else kind(ids[index])
        return list(_queryset_running(compiled, tuple(params)))

    def _compile(self, args: tuple) -> _Compiled | None:
        count = len(_ids_in(args))
        first = self._compile_with(args, _stand_ins(count, 0))
        second = self._compile_with(args, _stand_ins(count, 1))
        if first is None and second is None:
            return None
        if first is None or second is None:
            raise CompiledReadError(f"{self.__name__}: its SQL depends on the ids' values")
        same_shape = first.sql == second.sql and len(first.params) == len(second.params)
        if not same_shape or first.slots != second.slots:
            raise CompiledReadError(f"{self.__name__}: its SQL depends on the ids' values")
        swapped = {position for position, _, _ in first.slots}
        untouched = [i for i in range(len(first.params)) if i not in swapped]
        if any(first.params[i] != second.params[i] for i in untouched):
            raise CompiledReadError(f"{self.__name__}: its parameters change from one build to the next")
        return first

    def _compile_with(self, args: tuple, stand_ins: list[int]) -> _Compiled | None:
        queryset = self._build(*_with_stand_ins(args, iter(stand_ins)))
        if not isinstance(queryset, QuerySet):
            raise CompiledReadError(f"{self.__name__}: the build must return a QuerySet")
        if queryset._prefetch_related_lookups:
            raise CompiledReadError(f"{self.__name__}: prefetch_related would keep the stand-in ids")
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        except FullResultSet as error:
            raise CompiledReadError(f"{self.__name__}: its SQL depends on the ids' values") from error
        by_value = {stand_in: index for index, stand_in in enumerate(stand_ins)}
        slots = tuple(
            (position, by_value[value], type(value))
            for position, value in enumerate(params)
            if isinstance(value, int) and not isinstance(value, bool) and value in by_value
        )
        # An id may go unused in one shape (a membership's id where the role sees every row).
        if any(str(stand_in) in sql for stand_in in stand_ins):
            raise CompiledReadError(f"{self.__name__}: every id must reach the SQL as a parameter")
        return _Compiled(queryset=queryset, compiler=compiler, sql=sql, params=tuple(params), slots=slots)


def _is_id(value: Any) -> bool:
    return type(value) is int


def _is_id_list(value: Any) -> bool:
    return type(value) in (list, tuple) and all(_is_id(item) for item in value)


def _shape_of(arg: Any) -> Hashable:
    if _is_id(arg):
        return _ID
    if _is_id_list(arg):
        return (_ID, type(arg), len(arg))
    return arg


def _ids_in(args: tuple) -> list[int]:
    ids: list[int] = []
    for arg in args:
        if _is_id(arg):
            ids.append(arg)
        elif _is_id_list(arg):
            ids.extend(arg)
    return ids


def _with_stand_ins(args: tuple, stand_ins) -> list:
    return [
        next(stand_ins)
        if _is_id(arg)
        else type(arg)(next(stand_ins) for _ in arg)
        if _is_id_list(arg)
        else arg
        for arg in args
    ]


def _queryset_running(compiled: _Compiled, params: tuple) -> QuerySet:
    """A copy of the template QuerySet whose compiler answers the kept SQL with these parameters.
    It never leaves this module: chaining a filter onto it would keep the old SQL."""
    queryset = compiled.queryset._chain()
    compiler = copy.copy(compiled.compiler)
    # The connection is per thread; the template's belongs to the thread that compiled it.
    compiler.connection = connections[queryset.db]
    compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
    queryset.query.get_compiler = lambda *args, **kwargs: compiler
    return queryset
