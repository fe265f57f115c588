"""The province's dashboard: every office at a glance, from the rollups only (never the
raw events), server-rendered; a small script refreshes the table every 3 seconds. Each
row leads to that office's day (central.office_day).

Sign-in is the central admin token typed once; the browser then holds a random session
id in an HttpOnly, SameSite=Strict cookie (Secure behind HTTPS), kept hashed in memory
for 12 hours. Pages carry a strict Content-Security-Policy: no script but our own.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
import urllib.parse
import zoneinfo
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from central import office_day
from central.store import Central, hash_token
from common.indonesian import duration
from common.office import OpeningHours
from reports.survey_formats import decimal

HERE = Path(__file__).parent
COOKIE = "antrian_central"
SESSION_S = 12 * 3600
SILENT_S = 600  # an office silent this long while open is flagged
CSP = "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True
)


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "belum ada"
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} detik"
    if seconds < 3600:
        return f"{seconds // 60} menit"
    return f"{seconds // 3600} jam {seconds % 3600 // 60} menit"


def open_now(hours: OpeningHours, timezone: str, now: dt.datetime) -> bool:
    """Whether the office's hours (as its hub sent them) say it is open at `now`. A
    holiday is not known here: an office closed for one may be flagged silent."""
    local = now.astimezone(zoneinfo.ZoneInfo(timezone))
    span = hours.span(local.weekday())
    if span is None:
        return False
    opens, closes = span
    return opens <= local.time() and (closes is None or local.time() < closes)


def rows(central: Central, now: dt.datetime) -> list[dict[str, Any]]:
    found = []
    for office in central.board(now):
        at = office["last_event_at"]
        age = (now - at).total_seconds() if at else None
        survey = office["survey"]
        found.append({
            **office,
            "age": _age(age),
            "silent": open_now(office["hours"], office["timezone"], now)
            and (age is None or age > SILENT_S),
            "longest": duration(office["max_wait_s"]) if office["called"] else "-",
            "ikm": decimal(survey.konversi) if survey.konversi is not None else "-",
            "mutu": survey.mutu or "",
            "respondents": survey.respondents,
        })  # fmt: skip
    return found


def mount(app: FastAPI, central: Central) -> None:
    sessions: dict[str, float] = {}  # hashed session id -> expiry (monotonic)

    def signed_in(request: Request) -> bool:
        session = request.cookies.get(COOKIE)
        expiry = sessions.get(hash_token(session)) if session else None
        return expiry is not None and expiry > time.monotonic()

    def page(template: str, status: int = 200, **values: Any) -> HTMLResponse:
        html = _env.get_template(template).render(**values)
        return HTMLResponse(html, status_code=status, headers={
            "Content-Security-Policy": CSP, "Cache-Control": "no-store"})  # fmt: skip

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> Response:
        if not signed_in(request):
            return RedirectResponse("/masuk", status_code=303)
        now = dt.datetime.now(dt.UTC)
        found = await run_in_threadpool(rows, central, now)
        return page("dashboard.html", offices=found, now=now)

    @app.get("/board", include_in_schema=False)
    async def board(request: Request) -> Response:
        """The table alone, for the page's refresh."""
        if not signed_in(request):
            return Response(status_code=401)
        found = await run_in_threadpool(rows, central, dt.datetime.now(dt.UTC))
        return page("board.html", offices=found)

    @app.get("/kantor/{code}", include_in_schema=False)
    async def day_page(request: Request, code: str, tanggal: str = "") -> Response:
        """One office's day: its recap (the API's), complaints and survey."""
        if not signed_in(request):
            return RedirectResponse("/masuk", status_code=303)
        if tanggal and not DATE.match(tanggal):
            return page("message.html", 400, title="Tanggal tidak sah",
                        message=f"Tanggal '{tanggal}' tidak sah: tulis TTTT-BB-HH.")  # fmt: skip
        try:
            day = dt.date.fromisoformat(tanggal) if tanggal else None
        except ValueError:
            return page("message.html", 400, title="Tanggal tidak sah",
                        message=f"Tanggal '{tanggal}' tidak ada di kalender.")  # fmt: skip
        view = await run_in_threadpool(office_day.view, central, code, day, dt.datetime.now(dt.UTC))
        if view is None:
            return page("message.html", 404, title="Kantor tidak dikenal",
                        message="Kantor ini tidak dikenal atau belum mengirim data.")  # fmt: skip
        return page("office_day.html", **view)

    @app.get("/masuk", include_in_schema=False)
    async def sign_in_page() -> Response:
        return page("sign_in.html", error=None)

    @app.post("/masuk", include_in_schema=False)
    async def sign_in(request: Request) -> Response:
        body = (await request.body())[:1024].decode("utf-8", "replace")
        token = urllib.parse.parse_qs(body).get("token", [""])[0].strip()
        if not token or not await run_in_threadpool(central.is_admin, token):
            return page("sign_in.html", error="Token tidak dikenal.")
        session = secrets.token_urlsafe(32)
        sessions[hash_token(session)] = time.monotonic() + SESSION_S
        reply = RedirectResponse("/", status_code=303)
        reply.set_cookie(COOKIE, session, max_age=SESSION_S, httponly=True, samesite="strict",
                         secure=request.url.scheme == "https")  # fmt: skip
        return reply

    @app.get("/assets/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        if name not in ("central.css", "refresh.js"):
            return Response(status_code=404)
        return FileResponse(HERE / "assets" / name)
