"""Build the caller from the office config: voice, phrasing, chime, and the hub's clock."""

from __future__ import annotations

from pathlib import Path

from common.clock import Clock
from display.settings import CallerOffice
from voice import (
    DEFAULT_CHIME,
    DEFAULT_SHORT_CHIME,
    DEFAULT_VOICE_DIR,
    Announcer,
    CallerConfig,
    CommandPlayer,
    EspeakSynthesizer,
    Phrasebook,
    Player,
    SegmentSynthesizer,
    Synthesizer,
)


def caller_config(office: CallerOffice, save_dir: Path | None = None) -> CallerConfig:
    settings = office.caller
    chime: Path | None = DEFAULT_CHIME
    short_chime: Path | None = DEFAULT_SHORT_CHIME
    if settings.chime == "none":
        chime = short_chime = None
    elif settings.chime:
        chime, short_chime = Path(settings.chime), None  # its opening serves as the short one
    configured = Path(settings.save_dir) if settings.save_dir else None
    return CallerConfig(
        repeat=settings.repeat,
        max_age_s=settings.max_age_s,
        chime=chime,
        short_chime=short_chime,
        save_dir=save_dir or configured,
    )


def phrasebook(office: CallerOffice) -> Phrasebook:
    return Phrasebook(
        template=office.caller.template,
        counter_names={c.number: c.label for c in office.counters},
        recall_prefix=office.caller.recall_prefix,
        backlog_template=office.caller.backlog_template,
    )


def voice_dir(office: CallerOffice) -> Path:
    """The office's recorded words: `[caller] voice_dir`, or sounds/voice/."""
    return Path(office.caller.voice_dir) if office.caller.voice_dir else DEFAULT_VOICE_DIR


def synthesizer(office: CallerOffice, *, backlog: bool = False) -> Synthesizer:
    """The office's voice; `backlog`: the same voice at `backlog_rate`, for the calls
    said while others wait (recorded words are said as recorded, only what espeak-ng
    fills in is brisker)."""
    settings = office.caller
    voice = EspeakSynthesizer(
        voice=settings.voice,
        variant=settings.variant,
        rate=settings.backlog_rate if backlog else settings.rate,
        volume=settings.volume,
    )
    # Recorded words sound better than any synthesiser; espeak-ng fills in.
    recorded = voice_dir(office)
    if recorded.is_dir() and any(recorded.glob("*.wav")):
        return SegmentSynthesizer(recorded, voice)
    return voice


def build_announcer(
    office: CallerOffice,
    clock: Clock,
    save_dir: Path | None = None,
    voice: Synthesizer | None = None,
    player: Player | None = None,
) -> Announcer:
    """The office's caller, started; `voice` (a test's) says both forms."""
    return Announcer(
        voice or synthesizer(office),
        player or CommandPlayer(),
        backlog_synthesizer=voice or synthesizer(office, backlog=True),
        config=caller_config(office, save_dir),
        phrasebook=phrasebook(office),
        clock=clock,
    ).start()
