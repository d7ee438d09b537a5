"""Attributions: which units a byline such as （市总生产部、宣教部） names, and what kind of unit a new
name is. Pure functions; the names of units already in the database are passed in."""

from __future__ import annotations

import re
from collections.abc import Collection

# Bylines that are not contributing units.
NOT_UNITS = frozenset({"综合来稿", "综合", "来稿", "本刊", "本刊讯", "编辑部", "本刊编辑部", "简报编辑部"})

# A name ending like this is an organisation (a unit), not a person or a note such as 综合来稿.
_ORGANISATION = re.compile(
    r"(工会|总|部|办|室|处|科|局|委|委员会|会|中心|所|站|院|校|公司|集团|厂|行|社|队|馆|联|团|组|协会|支行|分行)$"
)
# A part of a shared-prefix attribution that cannot stand alone: 宣教部 in 市总生产部、宣教部.
_FRAGMENT = re.compile(r"^[^省市区县镇乡总]{1,6}(部|办|办公室|室|处|科|中心|组)$")
_PLACE_OR_UNION = re.compile(r"[省市区县镇乡]|街道|工会|总")
_DEPARTMENT = re.compile(r"^市总(工会)?.+(部|办|办公室|室|处|科|中心)$")
_FEDERATION = re.compile(r"^[^镇乡]+(市|区|县)(总)?工会$|^市总工会$")
_TOWN = re.compile(r"(镇|乡|街道).*工会$")
_GRASSROOTS = re.compile(r"(公司|集团|厂|企业|医院|学校|中学|小学|大学|学院|酒店|商场).*工会$")
# 供稿 ("supplied by") around a unit: 太仓市总工会供稿, 太仓市总工会 供稿, 供稿：太仓市总工会, 供稿单位：…
_SUPPLIED = re.compile(r"^供稿(?:单位)?\s*[：:]\s*|\s*供稿$")


def without_supplied(part: str) -> str:
    """An attribution part without the word 供稿 around it: 太仓市总工会供稿 → 太仓市总工会."""
    return _SUPPLIED.sub("", part.strip()).strip()


def shared_prefix(first: str) -> str:
    """The prefix a first attribution part lends to the parts after it: 市总 of 市总生产部,
    张家港市总工会 of 张家港市总工会办公室; empty when the first part is a whole union (市总工会)."""
    best = ""
    for end in range(1, len(first)):
        prefix, rest = first[:end], first[end:]
        if prefix.endswith(("工会", "总")) and not rest.startswith("工会"):
            best = prefix
    return best


def _expand(*, part: str, first: str, known: Collection[str]) -> str:
    if part in known:
        return part
    for end in range(len(first) - 1, 0, -1):
        if first[:end] + part in known:
            return first[:end] + part
    if _FRAGMENT.match(part) and not _PLACE_OR_UNION.search(part):
        prefix = shared_prefix(first)
        if prefix:
            return prefix + part
    return part


def names_a_unit(name: str, *, known: Collection[str] = ()) -> bool:
    if name in known:
        return True
    if name in NOT_UNITS or any(char.isspace() for char in name) or "《" in name:
        return False
    return bool(_ORGANISATION.search(name))


def unit_names(*, byline: str, known: Collection[str] = ()) -> list[str]:
    """The units an attribution names, in order, with a shared prefix written out:
    ``市总生产部、宣教部`` → ``[市总生产部, 市总宣教部]``; ``综合来稿`` → ``[]``; ``太仓市总工会供稿`` →
    ``[太仓市总工会]`` (the byline itself stays as printed)."""
    parts = [without_supplied(part) for part in byline.split("、") if without_supplied(part)]
    if not parts:
        return []
    names = [parts[0]] + [_expand(part=part, first=parts[0], known=known) for part in parts[1:]]
    found: list[str] = []
    for name in names:
        if names_a_unit(name, known=known) and name not in found:
            found.append(name)
    return found


def guess_kind(name: str) -> str:
    """The ``Unit.Kind`` value that suits a unit first seen in an attribution."""
    if _DEPARTMENT.match(name):
        return "department"
    if _TOWN.search(name):
        return "town"
    if _FEDERATION.match(name):
        return "federation"
    if _GRASSROOTS.search(name):
        return "grassroots"
    if name.endswith("工会"):
        return "industry"
    return "other"


def guess_parent(name: str, *, known: Collection[str]) -> str | None:
    """The existing unit a new one most likely sits under: the longest known name it starts with
    (张家港市总工会 for 张家港市总工会办公室), or for a town union the federation of its city
    (太仓市总工会 for 太仓城厢镇总工会)."""
    candidates = [other for other in known if other != name and name.startswith(other)]
    if candidates:
        return max(candidates, key=len)
    if guess_kind(name) == "town":
        for other in sorted(known, key=len, reverse=True):
            place = re.sub(r"(市|区|县)?(总)?工会$", "", other)
            if len(place) >= 2 and guess_kind(other) == "federation" and name.startswith(place):
                return other
    return None
