"""The recap as the FO desk's tables show it (no Qt): full names, plain Indonesian headings,
and for every cell the value it sorts by, so 'Loket 10' comes after 'Loket 9' and
'12 mnt' after '9 mnt'.

The recap is the protocol's typed model (protocol.recap; tests/fo/sample_recap.json is one).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from fo.wording import (
    duration,
    incident_text,
    local_time,
    share_with_count,
    state_text,
    threshold_label,
)
from protocol.recap import Figures, Recap, ServiceRow, Totals

SortKey = int | float | str
# Where a figure is missing ('-'), it sorts before every real one.
MISSING = -1


@dataclasses.dataclass(frozen=True, slots=True)
class Cell:
    text: str
    sort: SortKey
    figure: bool = False  # right-aligned, like every column of numbers


@dataclasses.dataclass(frozen=True, slots=True)
class Table:
    headings: list[str]
    rows: list[list[Cell]]
    keys: list[str] = dataclasses.field(default_factory=list)  # one per row, e.g. a case id


def name(text: str | None, sort: SortKey | None = None) -> Cell:
    shown = text or "-"
    return Cell(shown, shown.casefold() if sort is None else sort)


def count(value: int | None) -> Cell:
    return Cell("-", MISSING, True) if value is None else Cell(str(value), value, True)


def seconds(value: int | None) -> Cell:
    return Cell(duration(value), MISSING if value is None else value, True)


def within_threshold(row: Figures) -> Cell:
    value = row.called_within_threshold
    text = share_with_count(value, row.called_within_threshold_count)
    return Cell(text, MISSING if value is None else value, True)


def _unserved(row: Figures) -> Cell:
    # Only services (and their total) have a queue of their own.
    return count(row.unserved if isinstance(row, ServiceRow | Totals) else None)


# The figure columns, each a heading and how to read it off a recap row.
Figure = tuple[str, Callable[[Figures], Cell]]
ISSUED: Figure = ("Antrean diambil", lambda row: count(row.issued))
CALLS: Figure = ("Dipanggil", lambda row: count(row.calls))
SERVED: Figure = ("Dilayani", lambda row: count(row.served))
NO_SHOW: Figure = ("Tidak hadir", lambda row: count(row.no_show))
TRANSFERRED: Figure = ("Dialihkan", lambda row: count(row.transferred))
UNSERVED: Figure = ("Belum dilayani", _unserved)
AVG_WAIT: Figure = ("Rata-rata tunggu", lambda row: seconds(row.avg_wait_s))
MAX_WAIT: Figure = ("Tunggu terlama", lambda row: seconds(row.max_wait_s))
AVG_SERVICE: Figure = ("Rata-rata layanan", lambda row: seconds(row.avg_service_s))

SERVICE_FIGURES = (ISSUED, SERVED, NO_SHOW, TRANSFERRED, UNSERVED, AVG_WAIT, MAX_WAIT, AVG_SERVICE)
COUNTER_FIGURES = (CALLS, SERVED, NO_SHOW, TRANSFERRED, AVG_WAIT, AVG_SERVICE)
OFFICER_FIGURES = (CALLS, SERVED, NO_SHOW, TRANSFERRED, AVG_WAIT, AVG_SERVICE)


def _figures(recap: Recap, figures: tuple[Figure, ...]) -> list[str]:
    # Decree 108/2024 (or the office's own): the share called before compensation is due.
    return [heading for heading, _ in figures] + [threshold_label(recap.threshold_minutes)]


def _values(row: Figures, figures: tuple[Figure, ...]) -> list[Cell]:
    return [cell(row) for _, cell in figures] + [within_threshold(row)]


def services_table(recap: Recap) -> Table:
    return Table(
        ["Layanan", *_figures(recap, SERVICE_FIGURES)],
        [[name(row.name), *_values(row, SERVICE_FIGURES)] for row in recap.services],
    )


def counters_table(recap: Recap) -> Table:
    return Table(
        ["Loket", "Petugas", *_figures(recap, COUNTER_FIGURES)],
        [
            [name(row.name, row.number), name(", ".join(row.officers)),
             *_values(row, COUNTER_FIGURES)]
            for row in recap.counters
        ],
    )  # fmt: skip


def officers_table(recap: Recap) -> Table:
    return Table(
        ["Petugas", "NIP", *_figures(recap, OFFICER_FIGURES)],
        [[name(row.name), name(row.nip), *_values(row, OFFICER_FIGURES)] for row in recap.officers],
    )


LEDGER_HEADINGS = ["Waktu", "Nomor", "Loket", "Petugas", "Jenis", "Lama menunggu", "Status",
                   "Catatan", "Tindakan"]  # fmt: skip
ACTIONS_COLUMN = len(LEDGER_HEADINGS) - 1
# Owed cases first when sorted by status: they are the ones FO still has to act on.
STATE_ORDER = {"owed": 0, "given": 1, "waived": 2}


def ledger_table(recap: Recap) -> Table:
    """Every compensation case of the period, oldest first; the last column holds the
    window's buttons for the cases still owed."""
    zone, month = recap.timezone, recap.is_month
    cases = sorted(recap.compensation.cases, key=lambda case: case.opened_at)
    rows = [
        [
            Cell(local_time(case.opened_at, zone, with_date=month), case.opened_at),
            name(case.number),
            Cell(f"Loket {case.counter}" if case.counter else "-", case.counter or MISSING),
            name(case.officer_name),
            name(case.title),
            seconds(case.waited_s),
            Cell(state_text(case.state), STATE_ORDER.get(case.state, 3)),
            name(case.note),
            Cell("", STATE_ORDER.get(case.state, 3)),
        ]
        for case in cases
    ]
    return Table(LEDGER_HEADINGS, rows, [case.id for case in cases])


def incidents_table(recap: Recap) -> Table:
    zone, month = recap.timezone, recap.is_month
    return Table(
        ["Waktu", "Perangkat", "Kejadian"],
        [
            [Cell(local_time(item.at, zone, with_date=month), item.at),
             name(item.device), name(incident_text(item))]
            for item in recap.incidents
        ],
    )  # fmt: skip


def totals(recap: Recap) -> list[tuple[str, str]]:
    """The day's headline figures as (heading, value), with the tables' own headings."""
    row = recap.totals
    figures = [(heading, cell(row).text) for heading, cell in SERVICE_FIGURES]
    owed = sum(case.state == "owed" for case in recap.compensation.cases)
    return [
        *figures,
        (threshold_label(recap.threshold_minutes), within_threshold(row).text),
        ("Kompensasi belum diberikan", str(owed)),
        (ESTIMATE_TILE, estimate_tile(recap)),
        (SURVEY_TILE, survey_tile(recap)),
        (RATINGS_TILE, ratings_tile(recap)),
    ]


ESTIMATE_TILE = "Perkiraan tunggu tepat"
SURVEY_TILE = "Survei kepuasan (IKM)"
RATINGS_TILE = "Penilaian di loket (1–4)"


def ratings_tile(recap: Recap) -> str:
    """'3,30 (20)': the mean of the booth's one-press ratings (1..4, never in the IKM)
    and how many."""
    survey = recap.survey
    if survey is None or not survey.ratings.count or survey.ratings.mean is None:
        return "-"
    mean = f"{survey.ratings.mean:.2f}".replace(".", ",")
    return f"{mean} ({survey.ratings.count})"


def survey_tile(recap: Recap) -> str:
    """'76,39 C (12)': the day's IKM (konversi), its mutu and how many answered
    (reports.recap_formats.survey_text says it in full); '-' with none."""
    survey = recap.survey
    if survey is None or survey.konversi is None:
        return "-"
    return f"{survey.konversi:.2f}".replace(".", ",") + f" {survey.mutu} ({survey.respondents})"


def estimate_tile(recap: Recap) -> str:
    """'83% · 3,8 mnt': the share of wait estimates within the band and their mean error
    (reports.recap_formats.estimate_accuracy_text says it in full); '-' when none was
    judged, or the hub does not report it (the tiles stay the same in number)."""
    accuracy = recap.estimate_accuracy
    if accuracy is None or accuracy.within_band is None or accuracy.mae_minutes is None:
        return "-"
    error = f"{accuracy.mae_minutes:.1f}".replace(".", ",")
    return f"{round(accuracy.within_band * 100)}% \u00b7 {error} mnt"


def with_current_cases(recap: Recap, cases: list[dict[str, Any]]) -> Recap:
    """The recap with each of its cases as the hub's ledger (GET /compensations) has it now:
    settled since the period closed, or not. Cases the ledger no longer holds stay as
    they were."""
    current = {case["id"]: case for case in cases}
    compensation = recap.compensation
    merged = []
    for case in compensation.cases:
        now = current.get(case.id)
        if now is not None:
            case = dataclasses.replace(case, state=now["state"], note=now["note"] or case.note,
                                       settled_at=now["settled_at"])  # fmt: skip
        merged.append(case)
    return recap.model_copy(
        update={"compensation": compensation.model_copy(update={"cases": merged})}
    )


def has_tickets(recap: Recap) -> bool:
    """A day on which the office issued or called anyone (what the desk opens on)."""
    return bool(recap.totals.issued or recap.totals.calls)
