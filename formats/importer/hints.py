"""What a reader saw of a line's look besides its text: bold, centred, font size, red.

Plain text has none of it; a Word file or a PDF has it for every line. The parser takes one hint per
line (or none at all) and uses them only where the text alone is ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class LineHint:
    bold: bool = False
    centred: bool = False
    size: float | None = None  # points
    red: bool = False

    def merged(self, other: LineHint) -> LineHint:
        """The look of a line made of this one and ``other`` (a PDF line wrapped onto the next)."""
        sizes = [size for size in (self.size, other.size) if size]
        return LineHint(
            bold=self.bold and other.bold,
            centred=self.centred and other.centred,
            size=max(sizes) if sizes else None,
            red=self.red and other.red,
        )


def body_size(lines: Iterable[tuple[LineHint | None, str]]) -> float | None:
    """The font size most of the text is set in (counted in characters): the body's size."""
    counts: dict[float, int] = {}
    for hint, text in lines:
        if hint is not None and hint.size:
            size = round(hint.size * 2) / 2
            counts[size] = counts.get(size, 0) + len(text)
    if not counts:
        return None
    return max(counts, key=lambda size: (counts[size], -size))
