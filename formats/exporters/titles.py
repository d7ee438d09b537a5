"""Balanced line breaks for article titles in the PDF (issue 22).

WeasyPrint (70) has no ``text-wrap: balance``: a title a little wider than the column fills its first
line and leaves its last character alone on the second (…竞 / 赛). :func:`title_lines` chooses the
breaks itself: as few lines as the title needs, each as near the same width as the title allows,
never a line of one character, breaking between words (jieba's, as search cuts them) and after
punctuation rather than inside a word, and never before closing or after opening punctuation. The
template joins the lines with ``<br>``.
"""

import functools
import unicodedata

import rjieba

# The title's column in the PDF, in ems of its font: 156 mm of text width (A4 less the page margins
# of issue_pdf.html) less 2 em on each side, at 18 pt: 20.5 em, with half an em to spare for the
# estimate below.
TITLE_EMS = 20.0
# Narrow characters (Latin letters, digits) are about half an em in the CJK fonts; counted a little
# wider so that a line never comes out longer than estimated.
NARROW_EM = 0.6
# Never at the start of a line / never at the end of one (the usual Chinese line-breaking rules).
NO_LINE_START = set("，。、；：？！）》」』】〕〉”’…—·,.;:?!)]}%")
NO_LINE_END = set("（《「『【〔〈“‘([{")
# A break after these costs nothing; a break inside a word costs as much as a line two ems uneven.
BREAK_AFTER = set("，。、；：？！）》」』】〕〉” ——")
INSIDE_WORD = 4.0
# A number is never cut (二〇二 / 六年), in Chinese numerals or digits.
NUMERAL = set("〇零一二三四五六七八九十百千万0123456789")


def width(text: str) -> float:
    """Estimated width of ``text`` in ems: full-width (CJK) characters one em, others narrower."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else NARROW_EM for c in text)


@functools.cache
def _segmenter() -> rjieba.Jieba:
    return rjieba.Jieba()


def _word_boundaries(title: str) -> set[int]:
    boundaries, position = set(), 0
    for word in _segmenter().cut(title, False):
        position += len(word)
        boundaries.add(position)
    return boundaries


def _allowed(title: str, index: int) -> bool:
    """A line may break before ``title[index]``."""
    before, after = title[index - 1], title[index]
    return (
        after not in NO_LINE_START
        and before not in NO_LINE_END
        and not (before in NUMERAL and after in NUMERAL)
    )


def title_lines(title: str, ems: float = TITLE_EMS) -> list[str]:
    """``title`` cut into balanced lines that fit ``ems`` (the whole title when it fits one line)."""
    title = " ".join(title.split())
    total = width(title)
    if total <= ems or len(title) < 4:
        return [title]
    boundaries = _word_boundaries(title)
    cuts = [i for i in range(2, len(title) - 1) if _allowed(title, i)]  # no line of one character

    def cost(start: int, end: int, target: float) -> float | None:
        line = title[start:end].strip()
        line_width = width(line)
        if line_width > ems or len(line) < 2:
            return None
        penalty = (
            0.0 if end == len(title) or end in boundaries or title[end - 1] in BREAK_AFTER else INSIDE_WORD
        )
        return (line_width - target) ** 2 + penalty**2

    for count in range(2, len(title) // 2 + 1):
        target = total / count
        # best[k][i]: least cost of k lines covering title[:i], and where the last line starts.
        best: list[dict[int, tuple[float, int]]] = [{0: (0.0, 0)}]
        for _ in range(count - 1):
            layer = {}
            for end in cuts:
                for start, (so_far, _prev) in best[-1].items():
                    step = cost(start, end, target) if start < end else None
                    if step is not None and (end not in layer or so_far + step < layer[end][0]):
                        layer[end] = (so_far + step, start)
            best.append(layer)
        finals = [
            (so_far + step, start)
            for start, (so_far, _prev) in best[-1].items()
            if (step := cost(start, len(title), target)) is not None
        ]
        if not finals:
            continue
        _total_cost, start = min(finals)
        ends = [len(title)]
        for layer in reversed(best[1:]):
            ends.append(start)
            start = layer[start][1]
        ends.append(0)
        ends.reverse()
        return [title[a:b].strip() for a, b in zip(ends, ends[1:], strict=False)]
    return [title]
