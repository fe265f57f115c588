"""The kinds of compensation case the decree names, and what the citizen receives.

The kinds, their titles and remedies are part of the wire (`protocol.kinds`); the
office's config may word the late-call remedy its own way."""

from __future__ import annotations

from hub.config import Office
from protocol.kinds import CompensationKind

# SK 108/2024: the cases an officer or FO records by hand, with what the citizen receives.
MANUAL_CASES: dict[str, tuple[str, str]] = {
    kind: (kind.label, kind.remedy) for kind in CompensationKind.manual_kinds()
}
CASE_TITLES: dict[str, str] = {kind: kind.label for kind in CompensationKind}


def remedy_for(kind: str, office: Office) -> str:
    """What the citizen receives for a case of this kind (the office sets the late one)."""
    if kind == CompensationKind.LATE_SERVICE:
        return office.compensation.remedy
    try:
        return CompensationKind(kind).remedy
    except ValueError:
        return "Permohonan maaf"  # a kind from a newer hub: the decree's least remedy
