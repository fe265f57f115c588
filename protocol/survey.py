"""The satisfaction survey on the wire (SKM/IKM, Permenpan RB 14/2017, issue #15).

The nine elements (*unsur*) U1..U9 with the regulation's example question and its four
answer words (1 worst .. 4 best); the bodies a citizen, a kiosk and the booth's rater
send; the report `GET /api/v1/survey` returns and every format renders.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator

from protocol.requests import Body


@dataclasses.dataclass(frozen=True)
class Unsur:
    code: str
    name: str
    question: str
    choices: tuple[str, str, str, str]  # the answer words for 1, 2, 3, 4


# The order and names of the rule's elements; each question and its answer words as the
# regulation's example questionnaire words them.
UNSUR: tuple[Unsur, ...] = (
    Unsur("U1", "Persyaratan",
          "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan "
          "jenis pelayanannya?",
          ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Unsur("U2", "Sistem, mekanisme dan prosedur",
          "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
          ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    Unsur("U3", "Waktu penyelesaian",
          "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
          ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    Unsur("U4", "Biaya/tarif",
          "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
          ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    Unsur("U5", "Produk spesifikasi jenis pelayanan",
          "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
          "tercantum dalam standar pelayanan dengan hasil yang diberikan?",
          ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Unsur("U6", "Kompetensi pelaksana",
          "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
          ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")),
    Unsur("U7", "Perilaku pelaksana",
          "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
          "kesopanan dan keramahan?",
          ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
           "Sangat sopan dan ramah")),
    Unsur("U8", "Penanganan pengaduan, saran dan masukan",
          "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
          ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
           "Dikelola dengan baik")),
    Unsur("U9", "Sarana dan prasarana",
          "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
          ("Buruk", "Cukup", "Baik", "Sangat baik")),
)  # fmt: skip
UNSUR_CODES = tuple(unsur.code for unsur in UNSUR)

# The respondent's profile (all optional): the regulation's questionnaire's choices.
SEXES = {"L": "Laki-laki", "P": "Perempuan"}
EDUCATIONS = {
    "sd": "SD", "smp": "SMP", "sma": "SMA/SMK", "diploma": "D1/D2/D3", "s1": "D4/S1",
    "s2": "S2", "s3": "S3",
}  # fmt: skip
OCCUPATIONS = {
    "pns": "PNS", "tni": "TNI", "polri": "POLRI", "swasta": "Swasta",
    "wirausaha": "Wirausaha", "pelajar": "Pelajar/Mahasiswa", "lainnya": "Lainnya",
}  # fmt: skip
# Age is asked in years and only ever reported in these bands.
AGE_BANDS = ((0, 19, "< 20 tahun"), (20, 29, "20–29 tahun"), (30, 39, "30–39 tahun"),
             (40, 49, "40–49 tahun"), (50, 59, "50–59 tahun"), (60, 200, "≥ 60 tahun"))  # fmt: skip

Score = Annotated[int, Field(ge=1, le=4)]


class SurveyProfile(Body):
    age: int | None = Field(default=None, ge=10, le=120)
    sex: Literal["L", "P"] | None = None
    education: Literal["sd", "smp", "sma", "diploma", "s1", "s2", "s3"] | None = None
    occupation: (
        Literal["pns", "tni", "polri", "swasta", "wirausaha", "pelajar", "lainnya"] | None
    ) = None


class SurveyRequest(Body):
    """`POST /s/{ticket_id}` (public) and `POST /api/v1/survey/{ticket_id}` (kiosk)."""

    answers: dict[str, Score]
    profile: SurveyProfile | None = None
    suggestion: str | None = Field(default=None, max_length=1000)

    @field_validator("answers")
    @classmethod
    def _nine(cls, answers: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(answers) - set(UNSUR_CODES))
        if unknown:
            raise ValueError(f"unknown unsur {', '.join(unknown)}; allowed: U1..U9")
        missing = [code for code in UNSUR_CODES if code not in answers]
        if missing:
            raise ValueError(f"every unsur needs an answer 1..4; missing: {', '.join(missing)}")
        return {code: answers[code] for code in UNSUR_CODES}

    @field_validator("suggestion")
    @classmethod
    def _trimmed(cls, text: str | None) -> str | None:
        return text.strip() or None if text is not None else None


class SurveyReceipt(BaseModel):
    """The reply to an answered survey: nothing of what the log knows about it."""

    ticket_id: str
    answered_at: str


class RatingRequest(Body):
    """`POST /api/v1/tickets/{ticket_id}/rating` from the booth's rater."""

    score: Score


class RatingReply(BaseModel):
    ticket_id: str
    score: int


Mutu = Literal["A", "B", "C", "D"]


class UnsurResult(BaseModel):
    code: str
    name: str
    nrr: float | None  # None: nobody answered it in the period
    answered: int = 0
    # How many answered 1, 2, 3, 4: the report's tables.
    counts: list[int] = Field(default_factory=lambda: [0, 0, 0, 0])


class Ratings(BaseModel):
    count: int
    mean: float | None


class SurveyFigures(BaseModel):
    """The rule's figures over one group of answers (a period, a service, a day...)."""

    respondents: int
    ikm: float | None
    konversi: float | None
    mutu: Mutu | None
    kinerja: str | None


class SurveySummary(SurveyFigures):
    """The survey's lines in a recap (the day's, for the MOD): the index, its mutu, and
    the booth's ratings beside it."""

    ratings: Ratings


class SurveyGroup(SurveyFigures):
    key: str  # the service code, counter number, officer NIP, day or month
    name: str = ""
    unsur: list[UnsurResult] = Field(default_factory=list)


class ProfileRow(BaseModel):
    key: str
    label: str
    count: int


class Suggestion(BaseModel):
    answered_at: str
    service: str
    text: str


class SurveyReport(SurveyFigures):
    """`GET /api/v1/survey`: the contract's keys first, then the report's tables."""

    unsur: list[UnsurResult]
    ratings: Ratings
    date_from: str = Field(serialization_alias="from")
    date_to: str = Field(serialization_alias="to")
    service: str | None = None
    by_service: list[SurveyGroup] = Field(default_factory=list)
    by_counter: list[SurveyGroup] = Field(default_factory=list)
    by_officer: list[SurveyGroup] = Field(default_factory=list)
    by_day: list[SurveyGroup] = Field(default_factory=list)
    by_month: list[SurveyGroup] = Field(default_factory=list)
    # key "2026-2": the half-year (Jan-Jun 1, Jul-Dec 2), as `--semester` spells it
    by_semester: list[SurveyGroup] = Field(default_factory=list)
    profile: dict[str, list[ProfileRow]] = Field(default_factory=dict)
    suggestions: list[Suggestion] = Field(default_factory=list)
