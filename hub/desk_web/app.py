"""The desk's routes under `/desk/` on the API (staff) listener.

Every page needs a desk session (cookie `antrian_desk`: HttpOnly, SameSite=Strict,
Secure when `[public].url` is https, i.e. the office runs behind TLS); every POST
carries the session's CSRF token and, when the browser sends one, an Origin of this
host. Only officers holding the complaint duty (`antrian complaints duty`) see or act on
complaints; the others get a refusal page. Each state change answers 303.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import urllib.parse
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from common.indonesian import clock, long_date
from hub import complaint_recap, officers, periods
from hub.api.ratelimit import SignInGuard
from hub.complaint_receipt import NoReceiptPrinter, ReceiptError, next_steps
from hub.complaint_service import ActionBody
from hub.desk_web import forms
from hub.desk_web.qr import qr_svg
from hub.desk_web.sessions import COOKIE, DeskSession, DeskSessions, csrf_ok
from hub.desk_web.signin import SignInRefused, check_pin, duty_of
from hub.engine import complaint_duties as duties
from hub.engine.errors import EngineError
from hub.engine.events import from_wire_time
from hub.errors import HubError
from hub.service import Hub
from protocol.complaints import ComplaintRecap, ComplaintView
from protocol.kinds import ComplaintChannel, ComplaintState
from reports.complaint_formats import as_csv, month_name

HERE = Path(__file__).parent
BASE = "/desk"
HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
}
STALE = "Formulir ini kedaluwarsa atau bukan dari halaman ini. Muat ulang lalu coba lagi."
STEPS = {
    "complaint.received": "Diterima", "complaint.verified": "Diverifikasi",
    "complaint.escalated": "Diteruskan", "complaint.returned": "Dikembalikan",
    "complaint.answered": "Dijawab", "complaint.closed": "Ditutup",
    "complaint.late": "Terlambat: kasus kompensasi dibuka",
}  # fmt: skip
Page = Callable[[Request, DeskSession], Awaitable[Response]]


def install(app: FastAPI, hub: Hub, guard: SignInGuard) -> None:
    """Add the desk's pages to the API app (hub/api/app.py); `guard` counts wrong PINs
    together with `POST /sessions`."""
    templates = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
        trim_blocks=True, lstrip_blocks=True,
    )  # fmt: skip
    tz = hub.office.office.tz

    def local_time(wire: str) -> str:
        instant = from_wire_time(wire).astimezone(tz)
        return f"{instant:%d-%m-%Y} {clock(instant)}"

    def local_month(wire: str) -> str:
        """The month (YYYY-MM, office time) of a wire time: what `?month=` filters on."""
        return from_wire_time(wire).astimezone(tz).strftime("%Y-%m")

    templates.filters["waktu"] = local_time
    templates.filters["tanggal"] = lambda day: long_date(dt.date.fromisoformat(day))
    templates.filters["langkah"] = lambda kind: STEPS.get(kind, kind)
    templates.filters["saluran"] = lambda channel: ComplaintChannel(channel).label
    css = (HERE / "assets" / "desk.css").read_bytes()
    sessions = DeskSessions()

    def stage_codes() -> list[str]:
        return [stage.code for stage in hub.office.complaints.stages]

    def stage_names() -> dict[str, str]:
        return {stage.code: stage.name for stage in hub.office.complaints.stages}

    templates.globals["duty_name"] = lambda duty: duties.name_of(duty, stage_names())

    def secure() -> bool:
        return hub.office.public.url.startswith("https://")

    def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("office", hub.office.office.name)
        context.setdefault("base", BASE)
        html = templates.get_template(name).render(**context)
        return HTMLResponse(html, status, headers=HEADERS)

    def see(path: str, flash: str = "") -> RedirectResponse:
        query = f"?{urllib.parse.urlencode({'pesan': flash})}" if flash else ""
        return RedirectResponse(f"{BASE}{path}{query}", 303, headers=HEADERS)

    def today() -> dt.date:
        return hub.engine.business_date_of(hub.engine.now())

    def same_origin(request: Request) -> bool:
        origin = request.headers.get("origin")
        if origin is None:  # old browsers send none; the CSRF token still holds
            return True
        return urllib.parse.urlsplit(origin).netloc == request.headers.get("host", "")

    def desk_page(needs_duty: bool = True) -> Callable[[Page], Callable[..., Awaitable[Response]]]:
        def wrap(page: Page) -> Callable[..., Awaitable[Response]]:
            async def handler(request: Request) -> Response:
                signed = sessions.get(request.cookies.get(COOKIE))
                if signed is None:
                    return see("/masuk")
                nip = signed.nip
                live, duty = await hub.submit(lambda: duty_of(hub, nip))
                session = dataclasses.replace(signed, duty=duty)
                if not live:
                    sessions.end(session.id)
                    return see("/masuk", "Sesi berakhir. Silakan masuk lagi.")
                if request.method == "POST":
                    fields = await forms.read(request)
                    if not same_origin(request) or not csrf_ok(session, fields.get("csrf", "")):
                        return render("refused.html", 403, session=session, reason=STALE)
                    request.state.fields = fields
                if needs_duty and duty is None:
                    return render("refused.html", 403, session=session,
                                  reason="Anda tidak memegang tugas pengaduan. Minta admin "
                                  "menjalankan `antrian complaints duty --nip NIP`.")  # fmt: skip
                return await page(request, session)

            return handler

        return wrap

    def route(path: str, methods: list[str], page: Callable[..., Awaitable[Response]]) -> None:
        app.add_api_route(BASE + path, page, methods=methods, include_in_schema=False)

    # ---- sign-in ------------------------------------------------------------------------

    async def sign_in_form(request: Request) -> Response:
        if sessions.get(request.cookies.get(COOKIE)):
            return see("/")
        return render("signin.html", message=request.query_params.get("pesan", ""), nip="")

    async def sign_in(request: Request) -> Response:
        fields = await forms.read(request)
        nip = fields.get("nip", "").strip()
        if not same_origin(request):
            return render("signin.html", 403, error="Formulir bukan dari halaman ini.", nip=nip)
        if not nip.isdigit() or not fields.get("pin", "").isdigit():
            return render("signin.html", 400, error="NIP dan PIN berupa angka.", nip=nip)
        address = request.client.host if request.client else "unknown"
        try:
            officer = await check_pin(hub, guard, nip, fields["pin"], address)
        except SignInRefused as refused:
            if not refused.retry_after_s:
                return render("signin.html", 401, error=refused.message, nip=nip)
            limited = render("signin.html", 429, error=refused.message, nip=nip)
            limited.headers["Retry-After"] = str(refused.retry_after_s)
            return limited
        session = sessions.open(officer.nip, officer.name)
        reply = see("/")
        reply.set_cookie(COOKIE, session.id, max_age=int(sessions.life_s), path=BASE,
                         httponly=True, samesite="strict", secure=secure())  # fmt: skip
        return reply

    @desk_page(needs_duty=False)
    async def sign_out(request: Request, session: DeskSession) -> Response:
        sessions.end(session.id)
        reply = see("/masuk", "Anda sudah keluar.")
        reply.delete_cookie(COOKIE, path=BASE, httponly=True, samesite="strict")
        return reply

    # ---- pages --------------------------------------------------------------------------

    @desk_page()
    async def listing(request: Request, session: DeskSession) -> Response:
        query = request.query_params
        state = query.get("status") or None
        month = query.get("bulan") or None
        if state not in {None, *ComplaintState} or (month and not forms.MONTH.match(month)):
            state, month = None, None
        every = hub.read(lambda: hub.complaints.listed(None, None, None))
        chosen = [c for c in every if (state is None or c.state == state)
                  and (month is None or local_month(c.received_at) == month)]  # fmt: skip
        now = today().isoformat()
        held = sorted({local_month(c.received_at) for c in every} | {now[:7]})
        due_today = [c for c in every if c.state.open and not c.answered_at and c.due_date == now]
        overdue = [c for c in every if c.overdue]
        mine = [c for c in every if forms.allowed(c, session.duty, stage_codes())]
        return render("list.html", session=session, complaints=chosen, due_today=due_today,
                      overdue=overdue, mine=mine, states=list(ComplaintState), state=state or "",
                      stage_names=stage_names(),
                      month=month or "", months=forms.months(held[0], now[:7], *held),
                      today=now, message=query.get("pesan", ""))  # fmt: skip

    @desk_page()
    async def new_form(request: Request, session: DeskSession) -> Response:
        return render("new.html", session=session, channels=list(ComplaintChannel),
                      services=hub.office.services, fields={}, errors={})  # fmt: skip

    @desk_page()
    async def new(request: Request, session: DeskSession) -> Response:
        fields: dict[str, str] = request.state.fields
        body, problems = forms.complaint(fields, hub)
        view: ComplaintView | None = None
        if body is not None:
            try:
                view = await hub.submit(lambda: hub.complaints.file(body, session.nip))
            except (EngineError, HubError) as refused:
                problems = {"form": _message(refused)}
        if view is None:
            return render("new.html", 400, session=session, channels=list(ComplaintChannel),
                          services=hub.office.services, fields=fields, errors=problems)  # fmt: skip
        return see(f"/pengaduan/{view.id}", "Pengaduan tercatat.")

    async def one_of(request: Request) -> ComplaintView | None:
        complaint_id = request.path_params["complaint_id"]
        try:
            return hub.read(lambda: hub.complaints.one(complaint_id))
        except EngineError:
            return None

    @desk_page()
    async def detail(request: Request, session: DeskSession) -> Response:
        view = await one_of(request)
        if view is None:
            return render("refused.html", 404, session=session, reason="Pengaduan tidak ditemukan.")
        codes = stage_codes()
        names = await hub.submit(lambda: {o.nip: o.name for o in officers.list_officers(hub.store)})
        return render("complaint.html", session=session, c=view, officer_names=names,
                      stages=hub.office.complaints.stages,
                      allowed=forms.allowed(view, session.duty, codes),
                      targets=duties.escalate_targets(session.duty, view.stage, codes),
                      holder=duties.name_of(duties.holder(view.stage), stage_names()),
                      channel_label=ComplaintChannel(view.channel).label,
                      printer=bool(hub.office.complaints.printer),
                      message=request.query_params.get("pesan", ""),
                      error=request.query_params.get("galat", ""))  # fmt: skip

    @desk_page()
    async def act(request: Request, session: DeskSession) -> Response:
        complaint_id = request.path_params["complaint_id"]
        action = request.path_params["action"]
        body: ActionBody | str = forms.action(action, request.state.fields)
        if isinstance(body, str):
            return _back(complaint_id, body)
        try:
            await hub.submit(
                lambda: hub.complaints.act(complaint_id, action, body, session.nip, session.duty)
            )
        except (EngineError, HubError) as refused:
            return _back(complaint_id, _message(refused))
        return see(f"/pengaduan/{complaint_id}", forms.DONE[action])

    @desk_page()
    async def receipt(request: Request, session: DeskSession) -> Response:
        view = await one_of(request)
        if view is None:
            return render("refused.html", 404, session=session, reason="Pengaduan tidak ditemukan.")
        url = f"{hub.public_url}/c/{view.tracking_code}"
        # The same words as the thermal receipt (hub.complaint_receipt).
        return render("receipt.html", c=view, url=url, qr=qr_svg(url),
                      steps=next_steps(hub.office))  # fmt: skip

    @desk_page()
    async def print_slip(request: Request, session: DeskSession) -> Response:
        """The receipt again, on the desk's thermal printer (`[complaints] printer`)."""
        complaint_id = request.path_params["complaint_id"]
        try:
            await asyncio.wrap_future(hub.receipts.submit(complaint_id))
        except EngineError:
            return render("refused.html", 404, session=session, reason="Pengaduan tidak ditemukan.")
        except NoReceiptPrinter:
            return _back(complaint_id, "Printer tanda terima belum diatur ([complaints] printer).")
        except ReceiptError as error:
            return _back(complaint_id, f"Tanda terima tidak tercetak ({error}). Pengaduan tetap "
                                       "tersimpan; periksa printer lalu coba lagi.")  # fmt: skip
        return see(f"/pengaduan/{complaint_id}", "Tanda terima dicetak di printer meja.")

    async def recap_of(request: Request) -> ComplaintRecap:
        month = request.query_params.get("bulan") or today().isoformat()[:7]
        try:
            period = periods.month(month)
        except HubError:
            period = periods.month(today().isoformat()[:7])
        day = today()
        return await hub.submit(lambda: complaint_recap.monthly(hub.store, hub.office, period, day))

    @desk_page()
    async def recap(request: Request, session: DeskSession) -> Response:
        result = await recap_of(request)
        now = today().isoformat()[:7]
        first = await hub.submit(lambda: complaint_recap.first_month(hub.store)) or now
        return render("recap.html", session=session, r=result, month_label=month_name(result.month),
                      months=forms.months(min(first, now), now, result.month),
                      channels={str(c): c.label for c in ComplaintChannel},
                      services={s.code: s.name for s in hub.office.services})  # fmt: skip

    @desk_page()
    async def recap_pdf(request: Request, session: DeskSession) -> Response:
        """The month's A4 PDF, opened in the browser to print or save."""
        result = await recap_of(request)
        names = {service.code: service.name for service in hub.office.services}
        data = await run_in_threadpool(_pdf, result, hub.office.office.name, names)
        return Response(data, media_type="application/pdf", headers={
            "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f'inline; filename="rekap-pengaduan-{result.month}.pdf"',
        })  # fmt: skip

    @desk_page()
    async def recap_csv(request: Request, session: DeskSession) -> Response:
        result = await recap_of(request)
        return Response(as_csv(result), headers={
            **HEADERS, "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="rekap-pengaduan-{result.month}.csv"',
        })  # fmt: skip

    def _back(complaint_id: str, error: str) -> RedirectResponse:
        query = urllib.parse.urlencode({"galat": error})
        return RedirectResponse(f"{BASE}/pengaduan/{complaint_id}?{query}", 303, headers=HEADERS)

    async def stylesheet(_: Request) -> Response:
        return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})

    route("/masuk", ["GET"], sign_in_form)
    route("/masuk", ["POST"], sign_in)
    route("/keluar", ["POST"], sign_out)
    route("/", ["GET"], listing)
    route("/baru", ["GET"], new_form)
    route("/baru", ["POST"], new)
    route("/pengaduan/{complaint_id}", ["GET"], detail)
    route("/pengaduan/{complaint_id}/tanda-terima", ["GET"], receipt)
    route("/pengaduan/{complaint_id}/cetak", ["POST"], print_slip)  # before the steps
    route("/pengaduan/{complaint_id}/{action}", ["POST"], act)
    route("/rekap", ["GET"], recap)
    route("/rekap.csv", ["GET"], recap_csv)
    route("/rekap.pdf", ["GET"], recap_pdf)
    route("/desk.css", ["GET"], stylesheet)


def _pdf(recap: ComplaintRecap, office: str, names: dict[str, str]) -> bytes:
    # matplotlib is imported on the first PDF asked for, not when the hub starts.
    from reports.complaint_pdf import complaint_recap_pdf

    return complaint_recap_pdf(recap, office, names)


def _message(refused: Exception) -> str:
    return str(getattr(refused, "message", "") or refused)
