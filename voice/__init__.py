"""The voice: Indonesian speech and the waiting-room caller (hub call events become a
chime and a call in Bahasa Indonesia), shared by the display's caller and the kiosk's
greeting.

Qt-free on purpose: the TV window feeds events in and shows the outcome; everything
here runs and is tested without a screen or a sound card.
"""

from __future__ import annotations

from common.clock import Clock, SystemClock
from voice.announcer import Announcer, Call, Outcome, Status
from voice.config import (
    DEFAULT_CHIME,
    DEFAULT_SHORT_CHIME,
    DEFAULT_VOICE_DIR,
    CallerConfig,
)
from voice.errors import AudioError, CallerError, PhraseError, SpeechError
from voice.phrase import Phrasebook, call_phrase, number_words
from voice.player import CommandPlayer, FakePlayer, Player
from voice.segments import SegmentSynthesizer
from voice.speech import EspeakSynthesizer, FakeSynthesizer, Synthesizer

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
