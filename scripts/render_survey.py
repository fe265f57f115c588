#!/usr/bin/env python3
"""Render a sample semester's survey report (SKM/IKM) as its PDF, to PNGs for the docs.

    .venv/bin/python scripts/render_survey.py [--out docs] [--seed 15]

Plays a seeded half year through a hub in this process (tickets issued, called, closed,
then answered by phone or at the kiosk, some rated at the booth), builds the report
from the store exactly as `antrian survey report --semester 2026-2` does, and writes
survey-report-page-1.png, -2, ... (the PDF's pages at 80 dpi, through pdftoppm).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from antrian.config import load_office_config  # noqa: E402
from common.clock import FixedClock  # noqa: E402
from common.paths import CONFIG_DIR  # noqa: E402
from fo.survey_pdf import render_survey_pdf  # noqa: E402
from hub import survey_report  # noqa: E402
from hub.officers import add_officer  # noqa: E402
from hub.service import Hub  # noqa: E402
from hub.store import Store  # noqa: E402
from protocol.kinds import SurveyVia  # noqa: E402
from protocol.survey import UNSUR_CODES, SurveyRequest  # noqa: E402

PAGE_DPI = 80
WITA = dt.timezone(dt.timedelta(hours=8))
OFFICERS = {4: ("198001012005011001", "Siti Rahmawati"), 6: ("198502022010012002", "Budi Santoso"),
            2: ("199003032015031003", "Dewi Lestari")}  # fmt: skip
SERVICES = {4: "dukcapil", 6: "dukcapil", 2: "perizinan"}
# How each unsur tends to be judged (the chance of 1, 2, 3, 4): fees and complaint
# handling weaker, the officers' manner stronger, as published SKM reports often read.
LEANING = {"U4": (0.05, 0.15, 0.45, 0.35), "U8": (0.08, 0.22, 0.5, 0.2),
           "U7": (0.0, 0.05, 0.45, 0.5)}  # fmt: skip
USUAL = (0.02, 0.12, 0.56, 0.3)
SUGGESTIONS = ["Ruang tunggu agak panas siang hari.", "Petugas ramah, terima kasih.",
               "Mohon tambah kursi di ruang tunggu.", "Informasi persyaratan di situs web "
               "belum lengkap.", "Pelayanan cepat."]  # fmt: skip


def play(store: Store, seed: int) -> None:
    office = load_office_config(CONFIG_DIR / "demo.toml")
    clock = FixedClock(dt.datetime(2026, 7, 6, 8, 30, tzinfo=WITA))
    hub = Hub(office, store, clock)
    rng = random.Random(seed)
    for nip, name in OFFICERS.values():
        add_officer(store, nip, name, "246810")
    try:
        for week in range(24):
            clock.set(dt.datetime(2026, 7, 6, 8, 30, tzinfo=WITA) + dt.timedelta(weeks=week))
            for counter, (nip, _) in OFFICERS.items():
                asyncio.run(hub.sign_in(nip, "246810", counter))
            for _ in range(rng.randint(3, 7)):
                counter = rng.choice(list(OFFICERS))
                hub.run(lambda c=counter: hub.issue(SERVICES[c]))
                clock.advance(rng.randint(120, 900))
                called = hub.run(lambda c=counter: hub.call_next(c))
                assert called is not None
                clock.advance(rng.randint(300, 900))
                hub.run(lambda c=counter, t=called.id: hub.act(t, "close", c))
                clock.advance(60)
                answers = {code: rng.choices((1, 2, 3, 4), LEANING.get(code, USUAL))[0]
                           for code in UNSUR_CODES}  # fmt: skip
                profile = {
                    "age": rng.randint(18, 70),
                    "sex": rng.choice("LP"),
                    "education": rng.choice(["sma", "diploma", "s1", "smp"]),
                    "occupation": rng.choice(["swasta", "wirausaha", "pns", "lainnya"]),
                }
                body = SurveyRequest.model_validate({
                    "answers": answers, "profile": profile if rng.random() < 0.8 else None,
                    "suggestion": rng.choice(SUGGESTIONS) if rng.random() < 0.15 else None,
                })  # fmt: skip
                via = SurveyVia.PHONE if rng.random() < 0.75 else SurveyVia.KIOSK
                hub.run(lambda t=called.id, b=body, v=via: hub.survey.answer(t, b, v))
                if rng.random() < 0.6:
                    score = rng.choices((1, 2, 3, 4), (0.03, 0.1, 0.5, 0.37))[0]
                    hub.run(lambda t=called.id, s=score: hub.survey.rate(t, s))
    finally:
        hub.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm not found: apt-get install poppler-utils", file=sys.stderr)
        return 1
    office = load_office_config(CONFIG_DIR / "demo.toml")
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "antrian.sqlite3")
        play(store, args.seed)
        store = Store(Path(folder) / "antrian.sqlite3")
        report = survey_report.build(store, office, dt.date(2026, 7, 1), dt.date(2026, 12, 31))
        store.close()
        pdf = render_survey_pdf(report, office.office.name, Path(folder) / "survey.pdf")
        subprocess.run(
            [pdftoppm, "-r", str(PAGE_DPI), "-png", str(pdf), str(Path(folder) / "page")],
            check=True,
        )
        for stale in args.out.glob("survey-report-page-*.png"):
            stale.unlink()
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        for number, page in enumerate(pages, start=1):
            target = args.out / f"survey-report-page-{number}.png"
            shutil.move(page, target)
            print(target)
    print(f"{report.respondents} respondents, IKM {report.ikm:.3f}, {report.mutu}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
