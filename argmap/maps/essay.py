"""Cuts an essay into paragraphs and highlighted passages, from the offsets of the nodes quoting it.

A quote may be a whole sentence or a few words of one; quotes may nest, overlap or touch.

No Django imports: the essay page renders what this returns, and it is tested without a database.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise


@dataclass(frozen=True)
class Anchor:
    node_id: Hashable
    start: int
    end: int


@dataclass
class Segment:
    text: str
    start: int
    # Nodes whose quote covers this stretch, those whose quote begins here and those that end here.
    covered_by: list[Hashable] = field(default_factory=list)
    opens: list[Hashable] = field(default_factory=list)
    closes: list[Hashable] = field(default_factory=list)
    # Of covered_by, those with the shortest quote: whose own words these are when quotes nest (a measure
    # quoting a whole sentence, a fact quoting a clause of it). Marks such as "disputed" follow them, so a
    # disputed statement's mark stays on its own words and never spreads over a fact beside it.
    innermost: list[Hashable] = field(default_factory=list)

    @property
    def is_quoted(self) -> bool:
        return bool(self.covered_by)


@dataclass
class Paragraph:
    start: int
    segments: list[Segment]


def paragraphs_with_passages(text: str, anchors: Iterable[Anchor]) -> list[Paragraph]:
    """The essay's non-empty lines as paragraphs, each cut wherever a quoted passage starts or ends."""
    anchor_list = [anchor for anchor in anchors if 0 <= anchor.start < anchor.end <= len(text)]
    paragraphs: list[Paragraph] = []
    position = 0
    for line in text.split("\n"):
        line_start, line_end = position, position + len(line)
        position = line_end + 1
        if not line.strip():
            continue
        inside = [a for a in anchor_list if a.start < line_end and a.end > line_start]
        cuts = sorted(
            {line_start, line_end}
            | {a.start for a in inside if a.start > line_start}
            | {a.end for a in inside if a.end < line_end}
        )
        segments = []
        for cut_start, cut_end in pairwise(cuts):
            covering = [a for a in inside if a.start < cut_end and a.end > cut_start]
            shortest = min((a.end - a.start for a in covering), default=0)
            segments.append(
                Segment(
                    text=text[cut_start:cut_end],
                    start=cut_start,
                    covered_by=[a.node_id for a in covering],
                    opens=[a.node_id for a in inside if a.start == cut_start],
                    closes=[a.node_id for a in inside if a.end == cut_end],
                    innermost=[a.node_id for a in covering if a.end - a.start == shortest],
                )
            )
        paragraphs.append(Paragraph(start=line_start, segments=segments))
    return paragraphs
