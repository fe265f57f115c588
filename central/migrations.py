"""The central database's numbered migrations (PostgreSQL). Append only.

Every table is keyed by office first, so the events and the rollups can be distributed
by office code on a sharded PostgreSQL (Citus: `create_distributed_table('events',
'office')`, and the same for `office_days`; `offices` as a reference table).
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
]
LATEST = MIGRATIONS[-1][0]
