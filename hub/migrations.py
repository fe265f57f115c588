"""Numbered schema migrations. Append only: a released migration is never edited.

A migration is SQL, and may have a step in Python run after it in the same transaction
(`BACKFILLS`): filling a new projection from the events already in the log.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from hub import recap_log

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "events log, ticket projection, tokens, idempotency keys",
        """
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            type TEXT NOT NULL,
            at TEXT NOT NULL,
            business_date TEXT NOT NULL,
            ticket_id TEXT,
            counter INTEGER,
            data TEXT NOT NULL
        );
        CREATE INDEX events_at ON events(at);
        CREATE INDEX events_ticket ON events(ticket_id);
        CREATE INDEX events_business_date ON events(business_date);

        CREATE TABLE tickets (
            id TEXT PRIMARY KEY,
            number TEXT NOT NULL,
            service TEXT NOT NULL,
            issued_service TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            business_date TEXT NOT NULL,
            priority INTEGER NOT NULL,
            category TEXT,
            state TEXT NOT NULL,
            counter INTEGER,
            issued_at TEXT NOT NULL,
            called_at TEXT,
            serving_at TEXT,
            closed_at TEXT,
            recall_count INTEGER NOT NULL DEFAULT 0,
            transfer_count INTEGER NOT NULL DEFAULT 0,
            last_seq INTEGER NOT NULL
        );
        -- A number is never given twice in a business day, whatever the code above does.
        CREATE UNIQUE INDEX tickets_number ON tickets(business_date, issued_service, sequence);

        CREATE TABLE tokens (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            counter INTEGER,
            secret_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE UNIQUE INDEX tokens_live_name ON tokens(name) WHERE revoked_at IS NULL;

        CREATE TABLE idempotency_keys (
            token_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            ticket_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (token_id, key)
        );
        """,
    ),
    (
        2,
        "compensation cases",
        """
        CREATE TABLE compensation_cases (
            id TEXT PRIMARY KEY,
            ticket_id TEXT NOT NULL,
            number TEXT NOT NULL,
            service TEXT NOT NULL,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            counter INTEGER,
            waited_s INTEGER,
            business_date TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_seq INTEGER NOT NULL
        );
        CREATE INDEX compensation_business_date ON compensation_cases(business_date);
        """,
    ),
    (
        3,
        "officers, officer sessions, compensation settlement",
        """
        CREATE TABLE officers (
            nip TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            pin_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            failed_pins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL
        );
        ALTER TABLE tokens ADD COLUMN officer TEXT;
        ALTER TABLE tokens ADD COLUMN expires_at TEXT;
        ALTER TABLE compensation_cases ADD COLUMN officer TEXT;
        ALTER TABLE compensation_cases ADD COLUMN note TEXT NOT NULL DEFAULT '';
        ALTER TABLE compensation_cases ADD COLUMN settled_at TEXT
        """,
    ),
    (
        4,
        "recap figures of past business days",
        """
        CREATE TABLE recap_days (
            business_date TEXT PRIMARY KEY,
            last_seq INTEGER NOT NULL,
            rules TEXT NOT NULL,
            state TEXT NOT NULL
        )
        """,
    ),
    (
        5,
        "counter tokens bound to every counter; wrong PINs counted per NIP and address",
        """
        ALTER TABLE tokens ADD COLUMN all_counters INTEGER NOT NULL DEFAULT 0;
        -- Any NIP typed, known or not, so a refusal never tells which NIPs exist. Per
        -- address, so a stranger's guesses do not lock an officer out at their own counter.
        CREATE TABLE pin_failures (
            nip TEXT NOT NULL,
            address TEXT NOT NULL,
            failures INTEGER NOT NULL,
            locked_until TEXT,
            last_at TEXT NOT NULL,
            PRIMARY KEY (nip, address)
        );
        CREATE INDEX pin_failures_last_at ON pin_failures(last_at)
        """,
    ),
    (
        6,
        "the recap's inputs as typed columns (recap_log), filled from the log",
        """
        -- One row per event that changes a recap figure (hub.recap_log says what each
        -- column holds). The key is the order the recap sums a kind's rows in, so SQLite
        -- sums them as it reads them: the key's columns hold '' or -1 for none.
        CREATE TABLE recap_log (
            business_date TEXT NOT NULL,
            kind INTEGER NOT NULL,
            service TEXT NOT NULL,
            counter INTEGER NOT NULL,
            officer TEXT NOT NULL,
            hour TEXT NOT NULL,
            ends TEXT NOT NULL,
            seq INTEGER NOT NULL,
            seconds INTEGER,
            at TEXT,
            arrival TEXT,
            name TEXT,
            detail TEXT,
            PRIMARY KEY (business_date, kind, service, counter, officer, hour, ends, seq)
        ) WITHOUT ROWID;
        -- The cases of late calls, in log order.
        CREATE TABLE recap_late_cases (
            business_date TEXT NOT NULL,
            seq INTEGER NOT NULL,
            case_id TEXT,
            number TEXT,
            counter INTEGER,
            officer TEXT,
            officer_name TEXT NOT NULL,
            at TEXT,
            waited_s INTEGER,
            PRIMARY KEY (business_date, seq)
        ) WITHOUT ROWID
        """,
    ),
    (
        7,
        "complaints (each with its own events), complaint_late cases linked to them, "
        "officers' complaint duty",
        """
        -- A complaint lives for weeks: the hub reopens it from its own events kept here,
        -- never by replaying the log since the oldest open one.
        CREATE TABLE complaints (
            id TEXT PRIMARY KEY,
            tracking_code TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL,
            received_at TEXT NOT NULL,
            received_date TEXT NOT NULL,
            due_date TEXT NOT NULL,
            answered_at TEXT,
            closed_at TEXT,
            last_seq INTEGER NOT NULL,
            events TEXT NOT NULL
        );
        CREATE INDEX complaints_state ON complaints(state);
        CREATE INDEX complaints_received_date ON complaints(received_date);
        ALTER TABLE compensation_cases ADD COLUMN complaint_id TEXT;
        ALTER TABLE officers ADD COLUMN complaint_duty INTEGER NOT NULL DEFAULT 0
        """,
    ),
    (
        8,
        "the wait estimate of each first call in the recap's rows (eta_minutes), from the log",
        """
        -- The estimate the ticket's issue carried, on its first call's row (hub.recap_log).
        ALTER TABLE recap_log ADD COLUMN eta_minutes INTEGER
        """,
    ),
    (
        9,
        "the satisfaction survey: answers and booth ratings, one per ticket each",
        """
        -- One row per survey.answered event (issue #15), for the reports: the ticket's
        -- service, closing counter and officer come from its log, never from the citizen.
        -- `business_date` is the office day the answer came, `service_date` the ticket's.
        CREATE TABLE survey_answers (
            ticket_id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            answered_at TEXT NOT NULL,
            business_date TEXT NOT NULL,
            service_date TEXT NOT NULL,
            service TEXT NOT NULL,
            counter INTEGER,
            officer TEXT,
            via TEXT NOT NULL,
            u1 INTEGER NOT NULL, u2 INTEGER NOT NULL, u3 INTEGER NOT NULL,
            u4 INTEGER NOT NULL, u5 INTEGER NOT NULL, u6 INTEGER NOT NULL,
            u7 INTEGER NOT NULL, u8 INTEGER NOT NULL, u9 INTEGER NOT NULL,
            age INTEGER,
            sex TEXT,
            education TEXT,
            occupation TEXT,
            suggestion TEXT
        );
        CREATE INDEX survey_answers_business_date ON survey_answers(business_date);
        -- The booth's one-press rating (survey.rated): counted apart, never in the IKM.
        CREATE TABLE survey_ratings (
            ticket_id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            rated_at TEXT NOT NULL,
            business_date TEXT NOT NULL,
            service TEXT NOT NULL,
            counter INTEGER,
            officer TEXT,
            score INTEGER NOT NULL
        );
        CREATE INDEX survey_ratings_business_date ON survey_ratings(business_date)
        """,
    ),
    (
        10,
        "where the forwarding to the central service stands",
        """
        -- The last seq central holds (issue #16): one row, written by the forwarder only.
        CREATE TABLE central_position (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
    ),
    (
        11,
        "the stage of an officer's complaint duty",
        """
        -- With complaint_duty: NULL the desk (meja pengaduan), else the code of a stage of
        -- [complaints].stages whose complaints the officer acts on (hub.engine.complaint_duties).
        ALTER TABLE officers ADD COLUMN complaint_stage TEXT
        """,
    ),
]

# version -> what fills its new tables from the data already there.
BACKFILLS: dict[int, Callable[[sqlite3.Connection], object]] = {
    6: recap_log.backfill,
    8: recap_log.backfill_estimates,
}

LATEST = MIGRATIONS[-1][0]
