"""The one way the offline shopper draws at random: a generator seeded by what the draw is about (the session,
the persona, the step or the reaction), so the same persona, policy and seed take the same path."""

from __future__ import annotations

import random


def seeded(*parts: object) -> random.Random:
    """A generator seeded by the parts, joined with "|"; Python seeds a string through SHA-512, the same on every run."""
    return random.Random("|".join(map(str, parts)))
