"""Comparing what people type: Unicode normalisation with invisible characters removed. No Django here.

"Maya Lopez" with a zero-width space, a soft hyphen or a right-to-left mark inside looks exactly like
"Maya Lopez" on a page, so the checks that refuse a second "Maya Lopez" in a class, or a second
statement saying the same thing, compare the text as a reader sees it.
"""

from __future__ import annotations

import unicodedata

# Characters drawn as a blank although Unicode does not call them spaces: they count as one.
_BLANKS = frozenset("\u115f\u1160\u2800\u3164\uffa0")
# Default-ignorable characters outside the format category (Cf): the combining grapheme joiner, Khmer
# inherent vowels, Mongolian variation selectors and the variation selectors. Drawn as nothing at all.
_IGNORABLE = frozenset(
    "\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f" + "".join(map(chr, range(0xFE00, 0xFE10)))
) | frozenset(map(chr, range(0xE0100, 0xE01F0)))


def visible_text(text: str) -> str:
    """text as it should be stored and shown: NFKC-normalised, invisible characters (Unicode format
    characters such as zero-width spaces and joiners, direction marks, soft hyphens; control characters;
    variation selectors) removed, every run of blanks one space, no blanks at either end.
    """
    kept = []
    for character in unicodedata.normalize("NFKC", text or ""):
        if character.isspace() or character in _BLANKS:
            kept.append(" ")
        elif unicodedata.category(character) not in ("Cf", "Cc") and character not in _IGNORABLE:
            kept.append(character)
    return " ".join("".join(kept).split())


def comparison_key(text: str) -> str:
    """What two texts must share to count as the same words: visible_text, without case (casefolded)."""
    return unicodedata.normalize("NFKC", visible_text(text).casefold())
