"""The waiting-room caller: hub call events become a chime and a call in Bahasa Indonesia.

Qt-free on purpose: the TV window feeds events in and shows the outcome; everything
here runs and is tested without a screen or a sound card.
"""

from __future__ import annotations

from display.caller.announcer import Announcer, Call, Clock, Outcome, Status, SystemClock
from display.caller.config import (
    DEFAULT_CHIME,
    DEFAULT_SHORT_CHIME,
    DEFAULT_VOICE_DIR,
    CallerConfig,
)
from display.caller.errors import AudioError, CallerError, PhraseError, SpeechError
from display.caller.phrase import Phrasebook, call_phrase, number_words
from display.caller.player import CommandPlayer, FakePlayer, Player
from display.caller.segments import SegmentSynthesizer
from display.caller.speech import EspeakSynthesizer, FakeSynthesizer, Synthesizer

__all__ = [
    "DEFAULT_CHIME",
    "DEFAULT_SHORT_CHIME",
    "DEFAULT_VOICE_DIR",
    "Announcer",
    "AudioError",
    "Call",
    "CallerConfig",
    "CallerError",
    "Clock",
    "CommandPlayer",
    "EspeakSynthesizer",
    "FakePlayer",
    "FakeSynthesizer",
    "Outcome",
    "PhraseError",
    "Phrasebook",
    "Player",
    "SegmentSynthesizer",
    "SpeechError",
    "Status",
    "Synthesizer",
    "SystemClock",
    "call_phrase",
    "number_words",
]
