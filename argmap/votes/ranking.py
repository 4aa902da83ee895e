"""Measures ranked two ways (the class's vote, the arguments' strength) and why the two orders differ, in words.

Pure: no Django, so the ranks and the sentences are tested without a database.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)

# A measure's place has to move at least this far between the two orders for the page to explain it, and it
# explains this many at most (the biggest moves): a note for every small shuffle would say nothing.
NOTABLE_GAP = 2
MOST_NOTES = 3


def ranks(values: Mapping[Key, float]) -> dict[Key, int]:
    """Each key's place, highest value first; equal values share a place and the next place is skipped
    (3.5, 3.5, 2.0 → 1, 1, 3), as a league table does.
    """
    ordered = sorted(values.values(), reverse=True)
    first_place = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return {key: first_place[value] for key, value in values.items()}


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@dataclass(frozen=True)
class ArgumentFacts:
    """What stands under a measure on the map: its direct supporters and counterclaims, and the curators'
    verdicts on all the evidence beneath it (however deep).
    """

    supporting: int = 0
    opposing: int = 0
    evidence: int = 0
    disputed: int = 0
    verified: int = 0


@dataclass(frozen=True)
class Standing:
    """One measure's place in both orders."""

    key: Hashable
    name: str
    vote_rank: int
    strength_rank: int
    facts: ArgumentFacts

    @property
    def gap(self) -> int:
        """Positive when the class puts the measure higher than its arguments do, negative when lower."""
        return self.strength_rank - self.vote_rank


def _points(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _of_the_evidence(some: int, evidence: int) -> str:
    """Words like "3 of the 4 pieces of evidence under it are" or "the only piece of evidence under it is"."""
    if evidence == 1:
        return "the only piece of evidence under it is"
    if some == evidence:
        return f"{'both' if evidence == 2 else f'all {evidence}'} pieces of evidence under it are"
    return f"{some} of the {evidence} pieces of evidence under it {'is' if some == 1 else 'are'}"


def _why_weaker(facts: ArgumentFacts) -> str:
    """Why the arguments hold a measure up less than the class's votes do: the first true reason of these."""
    if facts.disputed:
        return f"{_of_the_evidence(facts.disputed, facts.evidence)} disputed"
    if facts.opposing >= facts.supporting and facts.opposing:
        against = _points(facts.opposing, "counterclaim speaks", "counterclaims speak")
        supporting = _points(facts.supporting, "point", "points") if facts.supporting else "none"
        return f"{against} against it and {supporting} for it"
    if not facts.supporting:
        return "nothing on the map supports it yet"
    if not facts.evidence:
        return "only claims stand under it: no piece of evidence"
    if not facts.verified:
        if facts.evidence == 1:
            return "the only piece of evidence under it is not verified"
        return f"none of the {facts.evidence} pieces of evidence under it is verified"
    return (
        f"{_points(facts.supporting, 'point supports', 'points support')} it and "
        f"{_points(facts.opposing, 'counterclaim opposes', 'counterclaims oppose')} it"
    )


def _why_stronger(facts: ArgumentFacts) -> str:
    """Why the arguments hold a measure up more than the class's votes do."""
    if facts.verified:
        return f"{_of_the_evidence(facts.verified, facts.evidence)} verified"
    if facts.supporting > facts.opposing:
        against = _points(facts.opposing, "counterclaim", "counterclaims") if facts.opposing else "no counterclaim"
        return f"{_points(facts.supporting, 'point speaks', 'points speak')} for it and {against} against it"
    if not facts.opposing:
        return "no counterclaim on the map speaks against it"
    return (
        f"{_points(facts.supporting, 'point supports', 'points support')} it and "
        f"{_points(facts.opposing, 'counterclaim opposes', 'counterclaims oppose')} it"
    )


def difference_note(standing: Standing) -> str:
    """One plain sentence on why a measure's place by the class's vote differs from its place by its arguments."""
    name, facts = standing.name, standing.facts
    places = f"{ordinal(standing.vote_rank)} by vote, {ordinal(standing.strength_rank)} by argument strength"
    if standing.gap > 0:
        return f"The class rates “{name}” higher than its arguments support ({places}): {_why_weaker(facts)}."
    if standing.gap < 0:
        return f"The class rates “{name}” lower than its arguments support ({places}): {_why_stronger(facts)}."
    return f"The class and the arguments agree on “{name}” ({places})."


def notable_differences(standings: list[Standing]) -> list[Standing]:
    """The measures whose places differ most (at least NOTABLE_GAP places), biggest first, at most MOST_NOTES."""
    notable = [standing for standing in standings if abs(standing.gap) >= NOTABLE_GAP]
    notable.sort(key=lambda standing: (-abs(standing.gap), standing.vote_rank))
    return notable[:MOST_NOTES]
