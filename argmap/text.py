"""Comparing what people type: Unicode normalisation with invisible characters removed. No Django here.

"Maya Lopez" with a zero-width space, a soft hyphen or a right-to-left mark inside looks exactly like
"Maya Lopez" on a page, so the checks that refuse a second "Maya Lopez" in a class, or a second
statement saying the same thing, compare the text as a reader sees it.
"""

from __future__ import annotations

import re
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


# Apostrophes (typewriter, typographic, modifier letter) join a word rather than split it: "Stalin's" is "stalins".
_APOSTROPHES = str.maketrans("", "", "'\u2018\u2019\u02bc\u02bb\u0060\u00b4\uff07")
_NOT_A_WORD = re.compile(r"[\W_]+")


def duplicate_key(text: str) -> str:
    """What two statements must share to say the same thing: the words alone, without case, punctuation,
    apostrophes or spacing ("Stalin's body was removed…" and "stalins body was removed…" share one key).
    """
    words = _NOT_A_WORD.sub(" ", comparison_key(text).translate(_APOSTROPHES))
    return " ".join(words.split())


def trigrams(text: str) -> frozenset[str]:
    """PostgreSQL pg_trgm's trigrams of text: each word (a run of letters and digits) lowercased, with two
    blanks before it and one after, cut into every run of three characters.
    """
    found: set[str] = set()
    for word in _NOT_A_WORD.split(text.lower()):
        if word:
            padded = f"  {word} "
            found.update(padded[start : start + 3] for start in range(len(padded) - 2))
    return frozenset(found)


def similarity(first: str, second: str) -> float:
    """pg_trgm's similarity(): the trigrams two texts share over all the trigrams of either, 0 to 1.

    The same number PostgreSQL's similarity() gives for the same two strings, so a threshold means the same on
    SQLite, where this is the whole check, as on PostgreSQL, where the database computes it.
    """
    a, b = trigrams(first), trigrams(second)
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)
