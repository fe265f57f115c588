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


def plan_day(office: Office, seed: int, citizens: int = 220, hours: int = 8) -> list[Arrival]:
    rng = random.Random(seed)  # noqa: S311 - a simulated day, not a secret
    codes = [s.code for s in office.services if s.enabled]
    weights = [SERVICE_WEIGHT.get(code, 1.0) for code in codes]
    standards = {s.code: s.standard_minutes * 60 for s in office.services}
    categories = [c.code for c in office.priority.categories]
    shape = HOURLY_SHAPE[:hours]
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
                    if categories and rng.random() < PRIORITY_SHARE
                    else None,
                    service_s=max(60, service_s),
                    shows_up=rng.random() >= NO_SHOW_SHARE,
                )
            )
    return sorted(arrivals, key=lambda a: a.at_s)
