"""What every reader returns: the lines of the bulletin, a hint per line, and the pictures."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..hints import LineHint


@dataclass
class Picture:
    """An image embedded in the file, after line ``line`` (1-based) of the text."""

    line: int
    data: bytes


@dataclass
class SourceText:
    """A bulletin file read into lines. ``hints`` is parallel to ``lines`` (None for plain text);
    ``label`` says what was read (the text encoding, or the format)."""

    lines: list[str]
    label: str
    hints: list[LineHint | None] | None = None
    pictures: list[Picture] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class Lines:
    """Collects lines, their hints and the pictures between them, as a reader walks its file."""

    def __init__(self):
        self.lines: list[str] = []
        self.hints: list[LineHint | None] = []
        self.pictures: list[Picture] = []
        self.last_text_line = 0

    def add(self, text: str, hint: LineHint | None = None) -> None:
        for part in text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").split("\n"):
            self.lines.append(part)
            self.hints.append(hint)
            if part.strip():
                self.last_text_line = len(self.lines)

    def blank(self) -> None:
        if self.lines and self.lines[-1].strip():
            self.add("")

    def picture(self, data: bytes) -> None:
        # Kept with the line before it: the article that line belongs to.
        self.pictures.append(Picture(line=self.last_text_line, data=data))

    def source(self, *, label: str) -> SourceText:
        return SourceText(lines=self.lines, hints=self.hints, label=label, pictures=self.pictures)
