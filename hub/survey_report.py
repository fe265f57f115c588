"""The survey report (`GET /api/v1/survey`, `antrian survey report`): the projection's
rows of a period folded by the rule (`reports.ikm`), as a whole and per service,
counter, officer, day and month, with the respondents' profile and their suggestions.

A period is the office days the answers came in (the events' business dates).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from typing import Any

from hub.config import Office
from hub.periods import Period
from hub.store import Store
from protocol.recap import Recap
from protocol.survey import (
    AGE_BANDS,
    EDUCATIONS,
    OCCUPATIONS,
    SEXES,
    UNSUR_CODES,
    ProfileRow,
    Ratings,
    Suggestion,
    SurveyGroup,
    SurveyReport,
    SurveySummary,
)
from reports import ikm

_COLUMNS = ", ".join(code.lower() for code in UNSUR_CODES)
UNKNOWN = "—"


def read(
    store: Store, office: Office, first: dt.date, last: dt.date, service: str | None = None
) -> SurveyReport:
    """The report, read on a connection of its own beside the writer."""
    with store.reading() as reader:
        return build(reader, office, first, last, service)


def summary(store: Store, first: dt.date, last: dt.date) -> SurveySummary:
    """The index and the booth's ratings of a period, for its recap."""
    answers = [row["answers"] for row in _answers(store.conn, first, last, None)]
    scores = [score for (score,) in store.conn.execute(
        "SELECT score FROM survey_ratings WHERE business_date BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat()),
    )]  # fmt: skip
    return ikm.summary_of(answers, scores)


def with_survey(store: Store, period: Period, recap: Recap) -> Recap:
    """The recap with its period's survey summary (computed apart from the kept day
    figures: answers for a day keep coming after it is over)."""
    return recap.model_copy(update={"survey": summary(store, period.first, period.last)})


def build(
    store: Store, office: Office, first: dt.date, last: dt.date, service: str | None = None
) -> SurveyReport:
    conn = store.conn
    rows = _answers(conn, first, last, service)
    whole = ikm.tally_of(row["answers"] for row in rows)
    names = _officer_names(conn)

    def service_name(code: str) -> str:
        found = office.service(code)
        return found.name if found else code

    def counter_name(number: str) -> str:
        found = office.counter(int(number)) if number.isdigit() else None
        return found.label if found else (f"Loket {number}" if number.isdigit() else UNKNOWN)

    return SurveyReport(
        **ikm.figures(whole).model_dump(),
        unsur=ikm.unsur_results(whole),
        ratings=_ratings(conn, first, last, service),
        date_from=first.isoformat(),
        date_to=last.isoformat(),
        service=service,
        by_service=_groups(rows, lambda r: r["service"], service_name),
        by_counter=_groups(rows, lambda r: str(r["counter"] or ""), counter_name),
        by_officer=_groups(rows, lambda r: r["officer"] or "", lambda k: names.get(k, UNKNOWN)),
        by_day=_groups(rows, lambda r: r["day"], lambda _: ""),
        by_month=_groups(rows, lambda r: r["day"][:7], lambda _: ""),
        by_semester=_groups(rows, lambda r: _semester_of(r["day"]), lambda _: ""),
        profile=_profile(rows),
        suggestions=[
            Suggestion(answered_at=r["at"], service=r["service"], text=r["suggestion"])
            for r in rows
            if r["suggestion"]
        ],
    )


def _semester_of(day: str) -> str:
    """'2026-11-23' -> '2026-2': Kaltim's SOP reviews the IKM every six months."""
    return f"{day[:4]}-{1 if int(day[5:7]) <= 6 else 2}"


def _answers(
    conn: sqlite3.Connection, first: dt.date, last: dt.date, service: str | None
) -> list[dict[str, Any]]:
    sql = (
        f"SELECT business_date, answered_at, service, counter, officer, {_COLUMNS}, age, sex, "  # noqa: S608
        "education, occupation, suggestion FROM survey_answers "
        "WHERE business_date BETWEEN ? AND ?"
    )
    params: list[Any] = [first.isoformat(), last.isoformat()]
    if service is not None:
        sql += " AND service = ?"
        params.append(service)
    rows = []
    for row in conn.execute(sql + " ORDER BY seq", params):
        day, at, code, counter, officer = row[:5]
        scores = row[5 : 5 + len(UNSUR_CODES)]
        age, sex, education, occupation, suggestion = row[5 + len(UNSUR_CODES) :]
        rows.append({
            "day": day, "at": at, "service": code, "counter": counter, "officer": officer,
            "answers": dict(zip(UNSUR_CODES, scores, strict=True)), "age": age, "sex": sex,
            "education": education, "occupation": occupation, "suggestion": suggestion,
        })  # fmt: skip
    return rows


def _ratings(
    conn: sqlite3.Connection, first: dt.date, last: dt.date, service: str | None
) -> Ratings:
    sql = "SELECT count(*), avg(score) FROM survey_ratings WHERE business_date BETWEEN ? AND ?"
    params: list[Any] = [first.isoformat(), last.isoformat()]
    if service is not None:
        sql += " AND service = ?"
        params.append(service)
    count, mean = conn.execute(sql, params).fetchone()
    return Ratings(count=int(count), mean=round(float(mean), 2) if mean is not None else None)


def _groups(
    rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], str], name: Callable[[str], str]
) -> list[SurveyGroup]:
    tallies: dict[str, ikm.Tally] = {}
    for row in rows:
        tallies.setdefault(key(row), ikm.Tally()).add(row["answers"])
    return [
        SurveyGroup(
            key=k or UNKNOWN,
            name=name(k),
            unsur=ikm.unsur_results(tally),
            **ikm.figures(tally).model_dump(),
        )  # fmt: skip
        for k, tally in sorted(tallies.items())
    ]


def _age_band(age: int | None) -> str | None:
    if age is None:
        return None
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def _profile(rows: list[dict[str, Any]]) -> dict[str, list[ProfileRow]]:
    """The respondents by sex, age band, education and occupation (the rule's tables);
    a question left blank counts under "Tidak diisi"."""
    tables: dict[str, list[ProfileRow]] = {}
    choices: dict[str, dict[str, str]] = {
        "sex": SEXES,
        "age": {label: label for _, _, label in AGE_BANDS},
        "education": EDUCATIONS,
        "occupation": OCCUPATIONS,
    }
    for field, labels in choices.items():
        counts = dict.fromkeys(labels, 0)
        blank = 0
        for row in rows:
            value = _age_band(row["age"]) if field == "age" else row[field]
            if value in counts:
                counts[value] += 1
            else:
                blank += 1
        table = [ProfileRow(key=k, label=labels[k], count=n) for k, n in counts.items()]
        table.append(ProfileRow(key="", label="Tidak diisi", count=blank))
        tables[field] = table
    return tables


def _officer_names(conn: sqlite3.Connection) -> dict[str, str]:
    return {str(nip): str(name) for nip, name in conn.execute("SELECT nip, name FROM officers")}
