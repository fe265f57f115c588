"""The kinds of things on the wire, as enums: one list each, matched by name, not by hand.

Each is a StrEnum, so a member equals its wire string (`EventType.TICKET_CALLED ==
"ticket.called"`) and JSON carries the plain string.
"""

from __future__ import annotations

import enum


class EventType(enum.StrEnum):
    TICKET_ISSUED = "ticket.issued"
    TICKET_CALLED = "ticket.called"
    TICKET_RECALLED = "ticket.recalled"
    TICKET_SERVING = "ticket.serving"
    TICKET_CLOSED = "ticket.closed"
    TICKET_NO_SHOW = "ticket.no_show"
    TICKET_TRANSFERRED = "ticket.transferred"
    COUNTER_PAUSED = "counter.paused"
    COUNTER_RESUMED = "counter.resumed"
    COUNTER_SIGNED_IN = "counter.signed_in"
    COUNTER_SIGNED_OUT = "counter.signed_out"
    DEVICE_INCIDENT = "device.incident"
    CONFIG_RELOADED = "config.reloaded"
    COMPENSATION_RECORDED = "compensation.recorded"
    COMPENSATION_SETTLED = "compensation.settled"
    COMPLAINT_RECEIVED = "complaint.received"
    COMPLAINT_VERIFIED = "complaint.verified"
    COMPLAINT_ESCALATED = "complaint.escalated"
    COMPLAINT_RETURNED = "complaint.returned"
    COMPLAINT_ANSWERED = "complaint.answered"
    COMPLAINT_CLOSED = "complaint.closed"
    COMPLAINT_LATE = "complaint.late"
    SURVEY_ANSWERED = "survey.answered"
    SURVEY_RATED = "survey.rated"


class TicketState(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    CLOSED = "closed"
    NO_SHOW = "no_show"
    # Only in a view of a ticket from an earlier day left open at midnight.
    EXPIRED = "expired"


class CompensationKind(enum.StrEnum):
    """The cases of SK Kepala DPMPTSP 108/2024, each with its title and remedy in Bahasa
    Indonesia. A late call is recorded by the hub; the others by an officer or FO."""

    LATE_SERVICE = "late_service"
    FEE_DIFFERS = "fee_differs"
    COMPLAINT_LATE = "complaint_late"
    OFFICER_INCOMPETENT = "officer_incompetent"
    PROCEDURE_NONSTANDARD = "procedure_nonstandard"

    @property
    def label(self) -> str:
        return _CASE_TITLES[self]

    @property
    def remedy(self) -> str:
        """What the citizen receives; for a late call the office's config may say more."""
        return _CASE_REMEDIES[self]

    @property
    def manual(self) -> bool:
        """Recorded by hand (an officer or FO), not by the hub on a late call."""
        return self is not CompensationKind.LATE_SERVICE

    @classmethod
    def manual_kinds(cls) -> tuple[CompensationKind, ...]:
        return tuple(kind for kind in cls if kind.manual)


class ManualCompensationKind(enum.StrEnum):
    """The kinds an officer or FO may record (`POST /compensations`): every
    CompensationKind but the late call, which the hub records itself."""

    FEE_DIFFERS = CompensationKind.FEE_DIFFERS.value
    COMPLAINT_LATE = CompensationKind.COMPLAINT_LATE.value
    OFFICER_INCOMPETENT = CompensationKind.OFFICER_INCOMPETENT.value
    PROCEDURE_NONSTANDARD = CompensationKind.PROCEDURE_NONSTANDARD.value


_APOLOGY = "Permohonan maaf"
_CASE_TITLES = {
    CompensationKind.LATE_SERVICE: "Terlambat melayani (≥ 15 menit)",
    CompensationKind.FEE_DIFFERS: "Biaya/tarif tidak sesuai",
    CompensationKind.COMPLAINT_LATE: "Terlambat menindaklanjuti pengaduan",
    CompensationKind.OFFICER_INCOMPETENT: "Kompetensi petugas tidak layak",
    CompensationKind.PROCEDURE_NONSTANDARD: "SOP tidak sesuai standar pelayanan",
}
_CASE_REMEDIES = {
    CompensationKind.LATE_SERVICE: "Permohonan maaf dan minuman gratis",
    CompensationKind.FEE_DIFFERS: _APOLOGY,
    CompensationKind.COMPLAINT_LATE: _APOLOGY,
    CompensationKind.OFFICER_INCOMPETENT: (
        "Permohonan maaf dan dilayani langsung oleh petugas yang kompeten"
    ),
    CompensationKind.PROCEDURE_NONSTANDARD: _APOLOGY,
}


class CompensationState(enum.StrEnum):
    OWED = "owed"  # -> given | waived
    GIVEN = "given"
    WAIVED = "waived"


class IncidentKind(enum.StrEnum):
    """What an appliance reports about itself (kept in the log, counted in the recap)."""

    PRINTER_OFFLINE = "printer_offline"
    PAPER_OUT = "paper_out"
    PRINTER_ERROR = "printer_error"
    PRINTER_RECOVERED = "printer_recovered"
    AUDIO_UNAVAILABLE = "audio_unavailable"

    @property
    def label(self) -> str:
        return _INCIDENT_TITLES[self]


_INCIDENT_TITLES = {
    IncidentKind.PAPER_OUT: "kertas habis",
    IncidentKind.PRINTER_OFFLINE: "printer mati/terputus",
    IncidentKind.PRINTER_ERROR: "printer bermasalah",
    IncidentKind.PRINTER_RECOVERED: "printer normal kembali",
    IncidentKind.AUDIO_UNAVAILABLE: "suara tidak tersedia",
}


class TokenRole(enum.StrEnum):
    KIOSK = "kiosk"
    DISPLAY = "display"
    COUNTER = "counter"
    FO = "fo"
    ADMIN = "admin"
    RATER = "rater"  # the booth's satisfaction screen: reads, and rates its counter's tickets


class SurveyVia(enum.StrEnum):
    """Where a citizen filled the satisfaction survey (issue #15)."""

    PHONE = "phone"  # the public page /s/{id}, from the ticket's QR code
    KIOSK = "kiosk"  # the kiosk's Survei button, for citizens without a phone


class ComplaintChannel(enum.StrEnum):
    """How a complaint reached the office (issue #14), each with its Indonesian name."""

    LOKET = "loket"
    SURAT = "surat"
    KOTAK_SARAN = "kotak_saran"
    EMAIL = "email"
    WHATSAPP = "whatsapp"
    SMS = "sms"
    TELEPON = "telepon"
    MEDIA_SOSIAL = "media_sosial"
    WEBSITE = "website"
    SP4N_LAPOR = "sp4n_lapor"

    @property
    def label(self) -> str:
        return _CHANNEL_TITLES[self]


_CHANNEL_TITLES = {
    ComplaintChannel.LOKET: "Loket pengaduan",
    ComplaintChannel.SURAT: "Surat",
    ComplaintChannel.KOTAK_SARAN: "Kotak saran",
    ComplaintChannel.EMAIL: "Email",
    ComplaintChannel.WHATSAPP: "WhatsApp",
    ComplaintChannel.SMS: "SMS",
    ComplaintChannel.TELEPON: "Telepon",
    ComplaintChannel.MEDIA_SOSIAL: "Media sosial",
    ComplaintChannel.WEBSITE: "Situs web",
    ComplaintChannel.SP4N_LAPOR: "SP4N-LAPOR!",
}


class ComplaintState(enum.StrEnum):
    """Where a complaint stands (issue #14). received -> verified -> answered -> closed;
    a verified complaint the desk cannot answer is escalated (up a stage), and a stage
    may return it; an answer the citizen is not satisfied with goes up again."""

    RECEIVED = "received"
    VERIFIED = "verified"
    ESCALATED = "escalated"
    RETURNED = "returned"
    ANSWERED = "answered"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _COMPLAINT_STATE_TITLES[self]

    @property
    def open(self) -> bool:
        """Still waiting for an answer or for the citizen's statement."""
        return self is not ComplaintState.CLOSED


class ComplaintAction(enum.StrEnum):
    """What staff do to a complaint: `POST /complaints/{id}/{action}`."""

    VERIFY = "verify"
    ESCALATE = "escalate"
    RETURN = "return"
    ANSWER = "answer"
    CLOSE = "close"


_COMPLAINT_STATE_TITLES = {
    ComplaintState.RECEIVED: "Diterima",
    ComplaintState.VERIFIED: "Diverifikasi",
    ComplaintState.ESCALATED: "Diteruskan",
    ComplaintState.RETURNED: "Dikembalikan",
    ComplaintState.ANSWERED: "Dijawab",
    ComplaintState.CLOSED: "Selesai",
}
