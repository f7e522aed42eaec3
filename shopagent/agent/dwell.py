"""Human time: the seconds a person like the persona would take before an action (SPEC §4 `dwell_s`).

A step's expected time is the sum of four parts:
- waiting for the page, when the action before loaded a new one (`WAIT_S`);
- reading the words on the page the person has not seen before in this session, a share of
  them (`READ_SHARE`), between careful reading and scanning by the persona's traits;
- deciding: KLM's mental preparation M, left out when the action continues a plan on the same
  page (Card, Moran and Newell's rule for anticipated operators), plus the Hick–Hyman law over
  the usable elements, b·log2(n + 1);
- moving, clicking and typing: the KLM operators (point P, button B, home H, keystroke K).
That sum is the mean time; the step's time is drawn log-normal around it (people's times are
long-tailed), from a generator seeded by the session id, so a session repeats its times.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import math
import random
import re
from dataclasses import dataclass

from shopagent.types import Action, Observation, Traits, Type

# The Keystroke-Level Model: Card, Moran and Newell (1980), "The Keystroke-Level Model for User
# Performance Time with Interactive Systems", CACM 23(7); and their 1983 book "The Psychology of
# Human-Computer Interaction".
K_S = 0.28  # keystroke, an average skilled typist (40 wpm)
P_S = 1.1  # point with a mouse at a target on the screen
B_S = 0.1  # press or release a mouse button (a click is two)
H_S = 0.4  # home the hand between mouse and keyboard
M_S = 1.35  # mental preparation

# Hick (1952), Hyman (1953): choosing among n equally likely alternatives takes a + b·log2(n + 1).
# The intercept is M's; b is of the order of the slopes they measured.
HICK_B_S = 0.15

# Silent reading of non-fiction, Brysbaert (2019), "How many words do we read per minute? A review
# and meta-analysis of reading rate", J. Memory and Language 109: 238 wpm. Scanning, Carver (1992),
# "Reading rate: theory, research, and practical implications", J. Reading 36(2): about 600 wpm.
READ_WPM = 238.0
SCAN_WPM = 600.0

# A fast shop's response to a click, assumed (the mock store answers on the loopback in milliseconds,
# which no shopper on the web sees): Nielsen's (1993) one-second limit for an unbroken flow of thought.
WAIT_S = 1.0

# Fitted by bench/dwell_fit.py on half of the OPeRA people (the first four user ids; README, "Human time"),
# against 120 generated personas of the bundled store (seed 1): the share of a page's new words a person
# reads at the rates above (the grid allowed 0 to 2), and the spread (log-normal sigma) of a step's time.
READ_SHARE = 0.98
SIGMA = 1.36


@dataclass(frozen=True)
class DwellParams:
    """The model's free parameters; the defaults are the fitted ones."""

    read_share: float = READ_SHARE
    sigma: float = SIGMA


@dataclass(frozen=True)
class Moment:
    """What one step asks of a person, before the free parameters are applied."""

    fixed_s: float  # waiting, deciding, moving, clicking and typing
    reading_s: float  # every new word of the page read at the persona's rate
    z: float  # the step's standard normal draw

    def seconds(self, params: DwellParams) -> float:
        mean = self.fixed_s + params.read_share * self.reading_s
        return mean * math.exp(params.sigma * self.z - params.sigma**2 / 2)  # log-normal with that mean


_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


def text_chunks(page_html: str) -> list[str]:
    """The page's text nodes, whitespace collapsed: the units a person recognises as already read."""
    chunks = (" ".join(html_lib.unescape(t).split()) for t in _TAG.split(page_html))
    return [c for c in chunks if c]


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def care(traits: Traits) -> float:
    """0 scans, 1 reads every word: patient, review-reading, unhurried shoppers read."""
    return (traits.patience + traits.review_reliance + (1 - traits.impulsiveness)) / 3


def reading_s(words: int, traits: Traits) -> float:
    """Seconds to take in `words`, between scanning and careful reading by the persona's care."""
    c = care(traits)
    return words * (c * 60 / READ_WPM + (1 - c) * 60 / SCAN_WPM)


def choosing_s(choices: int) -> float:
    """Hick–Hyman's slope over the usable elements (the intercept is M)."""
    return HICK_B_S * math.log2(max(0, choices) + 1)


def motor_s(action: Action) -> float:
    """KLM operators for the action: a click is P + 2B; typing clicks the field, homes to the keyboard and back."""
    click = P_S + 2 * B_S
    if isinstance(action, Type):
        return click + 2 * H_S + (len(action.text) + int(action.submit)) * K_S  # the query's keys, and Enter
    if action.type == "select":
        return 2 * click  # open the list, pick the option
    return click  # click, purchase, the browser's back button, closing the tab to leave


def session_seed(session_id: str) -> int:
    return int.from_bytes(hashlib.sha256(session_id.encode()).digest()[:8], "big")


class HumanClock:
    """One session's human time, step by step: remembers what the person has read and where they were."""

    def __init__(self, session_id: str, traits: Traits, params: DwellParams | None = None) -> None:
        self.traits = traits
        self.params = params or DwellParams()
        self.rng = random.Random(session_seed(session_id))
        self.seen: set[str] = set()
        self.last_url: str | None = None

    def moment(self, observation: Observation, action: Action) -> Moment:
        """The step's parts; call once per decided step, in order."""
        new = [c for c in text_chunks(observation.html) if c not in self.seen]
        self.seen.update(new)
        loaded = observation.url != self.last_url  # the first page, or the last action led to another
        self.last_url = observation.url
        choices = sum(1 for e in observation.elements if not e.disabled)
        deciding = (M_S if loaded else 0.0) + choosing_s(choices)
        fixed = (WAIT_S if loaded else 0.0) + deciding + motor_s(action)
        return Moment(fixed, reading_s(sum(word_count(c) for c in new), self.traits), self.rng.gauss(0.0, 1.0))

    def before(self, observation: Observation, action: Action) -> float:
        """dwell_s: the seconds before this action, rounded to hundredths."""
        return round(self.moment(observation, action).seconds(self.params), 2)
