"""Which existing units a new name may really be: the same place under another level (吴江市总工会
and 吴江区总工会 after a county-level city became a district), or the same union written with or
without 总 (张家港市工会, 张家港市总工会). Pure functions over names; no names are built in."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

# What a union's name ends with after its place: 总工会, 工会, or the short form's 总.
_UNION_SUFFIX = re.compile(r"(总工会|工会|总)$")
# The level of the place, which changes when a place is re-designated: 市 ↔ 区 ↔ 县, 镇/乡 ↔ 街道.
_PLACE_LEVEL = re.compile(r"(市|区|县|镇|乡|街道)$")
# A key shorter than this says too little (区总工会 → 区 would match every district).
MIN_KEY = 2


def place_key(name: str) -> str:
    """The name without the union suffix and the level of its place: 吴江市总工会 → 吴江,
    吴江区总 → 吴江, 杨舍镇总工会 → 杨舍; a name that ends otherwise (市总生产部) stays whole.
    Empty when too little is left to compare."""
    name = re.sub(r"\s+", "", name or "")
    key = _UNION_SUFFIX.sub("", name)
    if key != name:
        key = _PLACE_LEVEL.sub("", key)
    return key if len(key) >= MIN_KEY else ""


class MatchIndex:
    """Units by the place key of their current and former names, built once for a page of rows."""

    def __init__(self, names: Iterable[tuple[int, str]]):
        """``names``: (unit id, name) pairs — current names, short names and former names alike."""
        self.by_key: dict[str, set[int]] = defaultdict(set)
        for pk, name in names:
            key = place_key(name)
            if key:
                self.by_key[key].add(pk)

    def matches(self, name: str, *, exclude: int | None = None) -> set[int]:
        """The ids of the units whose names share the place key of ``name`` (not ``exclude``)."""
        key = place_key(name)
        if not key:
            return set()
        return self.by_key.get(key, set()) - {exclude}


def close_matches(
    name: str, candidates: Iterable[tuple[int, str]], *, exclude: int | None = None
) -> set[int]:
    """The ids among ``candidates`` ((id, name) pairs) that ``name`` may be another form of."""
    return MatchIndex(candidates).matches(name, exclude=exclude)
