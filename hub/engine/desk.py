"""The kinds of compensation case the decree names, and what the citizen receives."""

from __future__ import annotations

from hub.config import Office

# SK 108/2024: the cases an officer or FO records by hand, with what the citizen receives.
MANUAL_CASES: dict[str, tuple[str, str]] = {
    "fee_differs": ("Biaya/tarif tidak sesuai", "Permohonan maaf"),
    "complaint_late": ("Terlambat menindaklanjuti pengaduan", "Permohonan maaf"),
    "officer_incompetent": (
        "Kompetensi petugas tidak layak",
        "Permohonan maaf dan dilayani langsung oleh petugas yang kompeten",
    ),
    "procedure_nonstandard": ("SOP tidak sesuai standar pelayanan", "Permohonan maaf"),
}
CASE_TITLES = {"late_service": "Terlambat melayani (≥ 15 menit)"} | {
    kind: title for kind, (title, _) in MANUAL_CASES.items()
}


def remedy_for(kind: str, office: Office) -> str:
    """What the citizen receives for a case of this kind (the office sets the late one)."""
    if kind == "late_service":
        return office.compensation.remedy
    return MANUAL_CASES.get(kind, ("", "Permohonan maaf"))[1]
