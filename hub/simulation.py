"""A realistic office day, drawn from a seed (pure: no I/O).

Arrivals follow the shape the SOP days have: a morning peak, a dip at lunch, a second
wave after. Service times centre on each service's standard (`standard_minutes`, from
the SOP's steps: information 2 min, checking 2, verification 5, processing 5) with the
spread of real desks. The same seed always gives the same day.
"""

from __future__ import annotations

import dataclasses
import math
import random

from hub.config import Office

# Share of the day's citizens arriving in each hour from opening (08.00 ... 15.00).
HOURLY_SHAPE = (0.13, 0.20, 0.17, 0.12, 0.05, 0.11, 0.13, 0.09)
# How busy each service is, relative to the others (Dukcapil and Samsat draw crowds).
SERVICE_WEIGHT = {"dukcapil": 2.5, "samsat": 2.0, "perizinan": 1.5, "bpjs": 1.5,
                  "informasi": 1.2, "ketenagakerjaan": 0.8, "pengaduan": 0.4}  # fmt: skip
PRIORITY_SHARE = 0.07
NO_SHOW_SHARE = 0.04


@dataclasses.dataclass(frozen=True)
class Arrival:
    at_s: int  # seconds after opening
    service: str
    category: str | None
    service_s: int  # how long this citizen's business takes at the counter
    shows_up: bool


def plan_day(
    office: Office,
    seed: int,
    citizens: int = 220,
    hours: int = 8,
    hourly: tuple[float, ...] = HOURLY_SHAPE,
    priority_share: float = PRIORITY_SHARE,
) -> list[Arrival]:
    rng = random.Random(seed)  # noqa: S311 - a simulated day, not a secret
    codes = [s.code for s in office.services if s.enabled]
    weights = [SERVICE_WEIGHT.get(code, 1.0) for code in codes]
    standards = {s.code: s.standard_minutes * 60 for s in office.services}
    categories = [c.code for c in office.priority.categories]
    shape = hourly[:hours]
    arrivals = []
    for hour, share in enumerate(shape):
        for _ in range(round(citizens * share / sum(shape))):
            service = rng.choices(codes, weights)[0]
            # A lognormal spread around the standard: most close to it, a few much longer.
            service_s = int(standards[service] * math.exp(rng.gauss(-0.06, 0.35)))
            arrivals.append(
                Arrival(
                    at_s=hour * 3600 + rng.randrange(3600),
                    service=service,
                    category=rng.choice(categories)
                    if categories and rng.random() < priority_share
                    else None,
                    service_s=max(60, service_s),
                    shows_up=rng.random() >= NO_SHOW_SHARE,
                )
            )
    return sorted(arrivals, key=lambda a: a.at_s)


# ---- the shapes a day takes (what the wait estimate is measured on) -------------------


@dataclasses.dataclass(frozen=True)
class Break:
    counter: int
    at_s: int  # seconds after opening; the officer finishes the citizen at hand first
    minutes: int


@dataclasses.dataclass(frozen=True)
class DayShape:
    """How a day goes besides its citizens: who works where from when, breaks, paces."""

    name: str
    citizens: int = 220
    hourly: tuple[float, ...] = HOURLY_SHAPE
    priority_share: float = PRIORITY_SHARE
    absent: frozenset[int] = frozenset()  # configured counters nobody works at today
    late: tuple[tuple[int, int], ...] = ()  # (counter, seconds after opening) it opens
    breaks: tuple[Break, ...] = ()
    pace: tuple[tuple[int, float], ...] = ()  # (counter, its officer's time x standard)

    def plan(self, office: Office, seed: int, hours: int = 8) -> list[Arrival]:
        return plan_day(office, seed, self.citizens, hours, self.hourly, self.priority_share)

    def opens_at_s(self, counter: int) -> int | None:
        """When an officer signs in at the counter; None: nobody today."""
        if counter in self.absent:
            return None
        return dict(self.late).get(counter, 0)

    def pace_of(self, counter: int) -> float:
        return dict(self.pace).get(counter, 1.0)


# Counter numbers are the demo office's (config/demo.toml): 1 informasi; 2 perizinan;
# 3 perizinan + informasi; 4, 6 dukcapil; 5 pengaduan + informasi; 7 bpjs +
# ketenagakerjaan; 8 samsat; 9 samsat + bpjs.
DAY_SHAPES = (
    DayShape(
        "puncak pagi",  # half the day's citizens in the first two hours
        citizens=270,
        hourly=(0.26, 0.24, 0.14, 0.09, 0.04, 0.09, 0.09, 0.05),
        late=((6, 45 * 60),),
    ),
    DayShape(
        "loket istirahat",  # counters leave for a break in the busy hours
        citizens=280,
        breaks=(
            Break(4, 75 * 60, 30),
            Break(8, 100 * 60, 20),
            Break(2, 150 * 60, 25),
            Break(6, 240 * 60, 45),
        ),  # fmt: skip
    ),
    DayShape(
        "petugas lambat",  # one dukcapil officer and one samsat officer take far longer
        citizens=260,
        pace=((6, 1.8), (8, 1.6)),
    ),
    DayShape(
        "loket campuran",  # the dedicated counters are empty: shared ones carry both
        citizens=200,
        absent=frozenset({1, 2}),
        late=((9, 90 * 60),),
    ),
    DayShape(
        "banyak prioritas",  # a quarter of the citizens are lansia, disabilitas, hamil
        citizens=260,
        priority_share=0.25,
    ),
)
