"""Stable pseudonyms for anonymous debates: an adjective and an animal, unique within a class."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

ADJECTIVES = [
    "Amber", "Brave", "Calm", "Clever", "Coral", "Curious", "Eager", "Gentle", "Golden", "Honest", "Jade",
    "Kind", "Lively", "Lucky", "Merry", "Misty", "Nimble", "Patient", "Quiet", "Rapid", "Scarlet", "Silver",
    "Steady", "Sunny", "Swift", "Teal", "Thoughtful", "Violet", "Wise", "Witty",
]  # fmt: skip
ANIMALS = [
    "Badger", "Bison", "Crane", "Dolphin", "Eagle", "Falcon", "Fox", "Gecko", "Hare", "Heron", "Ibis", "Jaguar",
    "Koala", "Lynx", "Marten", "Newt", "Otter", "Owl", "Panda", "Puffin", "Quokka", "Raven", "Seal", "Stork",
    "Tapir", "Tiger", "Walrus", "Wolf", "Wren", "Yak",
]  # fmt: skip


def new_pseudonym(taken: Iterable[str]) -> str:
    """A pseudonym nobody in the class has yet (900 pairs; a number is added beyond that)."""
    used = set(taken)
    free = [
        f"{adjective} {animal}" for adjective in ADJECTIVES for animal in ANIMALS if f"{adjective} {animal}" not in used
    ]
    if free:
        return secrets.choice(free)
    number = 2
    while (candidate := f"{secrets.choice(ADJECTIVES)} {secrets.choice(ANIMALS)} {number}") in used:
        number += 1
    return candidate
