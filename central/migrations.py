"""The central database's numbered migrations (PostgreSQL). Append only.

Every table is keyed by office first, so the events and the rollups can be distributed
by office code on a sharded PostgreSQL, each office's rows on one node and a batch one
single-node transaction (Citus: `offices` and `admin_tokens` as reference tables, their
token hashes unique; `office_state`, `events`, `office_days` and `office_complaints`
distributed by `office`, colocated). Migration 2 moved what each batch changes out of
`offices` into `office_state`, so a batch writes no reference table.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "offices, admin tokens, the forwarded events (by month), rollups per office per day",
        """
        CREATE TABLE offices (
            code text PRIMARY KEY,
            name text NOT NULL,
            token_hash text NOT NULL UNIQUE,
            created_at timestamptz NOT NULL DEFAULT now(),
            settings jsonb,
            last_seq bigint NOT NULL DEFAULT 0,
            last_event_at timestamptz,
            lag_s double precision
        );
        CREATE TABLE admin_tokens (
            id serial PRIMARY KEY,
            name text NOT NULL,
            token_hash text NOT NULL UNIQUE,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        -- A partitioned table's key holds its partition key: (office, seq) is stored once
        -- since an event's business_date never changes.
        CREATE TABLE events (
            office text NOT NULL,
            seq bigint NOT NULL,
            business_date date NOT NULL,
            type text NOT NULL,
            data text NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (office, business_date, seq)
        ) PARTITION BY RANGE (business_date);
        CREATE TABLE office_days (
            office text NOT NULL,
            business_date date NOT NULL,
            issued integer NOT NULL DEFAULT 0,
            called integer NOT NULL DEFAULT 0,
            served integer NOT NULL DEFAULT 0,
            late integer NOT NULL DEFAULT 0,
            max_wait_s integer NOT NULL DEFAULT 0,
            last_seq bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (office, business_date)
        )
        """,
    ),
    (
        2,
        "the board's rollups: who waits now, compensation owed, complaints, the survey; "
        "the state each batch changes in a row of its own",
        """
        CREATE TABLE office_state (
            office text PRIMARY KEY REFERENCES offices (code),
            last_seq bigint NOT NULL DEFAULT 0,
            last_event_at timestamptz,
            lag_s double precision,
            queue_day date,
            waiting integer NOT NULL DEFAULT 0,
            cases_owed integer NOT NULL DEFAULT 0
        );
        INSERT INTO office_state (office, last_seq, last_event_at, lag_s)
            SELECT code, last_seq, last_event_at, lag_s FROM offices;
        ALTER TABLE offices DROP COLUMN last_seq, DROP COLUMN last_event_at,
            DROP COLUMN lag_s;
        ALTER TABLE office_days
            ADD COLUMN no_show integer NOT NULL DEFAULT 0,
            ADD COLUMN transferred integer NOT NULL DEFAULT 0,
            ADD COLUMN respondents integer NOT NULL DEFAULT 0,
            ADD COLUMN survey integer[] NOT NULL DEFAULT array_fill(0, ARRAY[36]),
            ADD COLUMN ratings integer[] NOT NULL DEFAULT array_fill(0, ARRAY[4]);
        CREATE TABLE office_complaints (
            office text NOT NULL,
            complaint_id text NOT NULL,
            received_on date NOT NULL,
            due_date date NOT NULL,
            answered_on date,
            PRIMARY KEY (office, complaint_id)
        );
        CREATE INDEX office_complaints_unanswered ON office_complaints (office, due_date)
            WHERE answered_on IS NULL
        """,
    ),
]
# Migrations after which the rollups are folded again from the stored events (a column
# that older ingests never filled).
REBUILD_ROLLUPS = {2}
LATEST = MIGRATIONS[-1][0]
