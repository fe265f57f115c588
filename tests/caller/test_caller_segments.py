"""Pre-recorded words joined into a call, with the TTS fallback for unrecorded words."""

from __future__ import annotations

import array
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.caller.rig import WAIT_S, event
from voice.announcer import Announcer
from voice.audio import Clip, concat, read_wav, silence, write_wav
from voice.config import CallerConfig
from voice.errors import SpeechError
from voice.phrase import call_phrase
from voice.player import FakePlayer
from voice.segments import SegmentSynthesizer
from voice.speech import FakeSynthesizer

WORDS = ["nomor", "antrean", "a", "be", "dua", "belas", "tujuh", "silakan", "menuju", "loket"]
WORDS += ["tiga", "empat", "ke"]
WORD_S = 0.1
GAP_S = 0.02
PAUSE_S = 0.2


def _plateau(level: int) -> Clip:
    """A word recorded as a flat level, so the joined file shows which word came when."""
    return Clip(array.array("h", [level] * round(WORD_S * 22050)), 22050)


@pytest.fixture
def voice_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "voice"
    folder.mkdir()
    for index, word in enumerate(WORDS, start=1):
        write_wav(folder / f"{word}.wav", _plateau(100 * index))
    return folder


def _levels(clip: Clip) -> list[int]:
    """The sequence of non-silent levels, each run collapsed to one entry."""
    levels: list[int] = []
    for sample in clip.samples:
        if sample and (not levels or levels[-1] != sample):
            levels.append(sample)
    return levels


def test_recorded_words_are_joined_in_order(voice_dir: Path, tmp_path: Path) -> None:
    fallback = FakeSynthesizer(tmp_path / "fallback")
    segments = SegmentSynthesizer(
        voice_dir, fallback, work_dir=tmp_path / "out", word_gap_s=GAP_S, pause_s=PAUSE_S
    )
    text = call_phrase("B-007", 4)  # "Nomor antrean B tujuh, silakan menuju loket empat"
    clip = read_wav(segments.synthesize(text))
    spoken = ["nomor", "antrean", "be", "tujuh", "silakan", "menuju", "loket", "empat"]
    assert _levels(clip) == [100 * (WORDS.index(word) + 1) for word in spoken]
    gaps = len(spoken) - 2  # one comma: a pause instead of a gap there
    assert clip.duration_s == pytest.approx(
        len(spoken) * WORD_S + gaps * GAP_S + PAUSE_S, abs=0.002
    )
    assert fallback.texts == []


def test_a_missing_word_sends_the_whole_phrase_to_the_fallback(
    voice_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fallback = FakeSynthesizer(tmp_path / "fallback")
    segments = SegmentSynthesizer(voice_dir, fallback, work_dir=tmp_path / "out")
    text = call_phrase("C-012", 3)  # no ce.wav
    assert segments.missing(text) == ["ce"]
    with caplog.at_level(logging.INFO, logger="voice.segments"):
        segments.synthesize(text)
        segments.synthesize(text)
    assert fallback.texts == [text, text]
    assert sum("ce" in record.getMessage() for record in caplog.records) == 1  # said once


def test_no_fallback_and_a_missing_word_is_an_error(voice_dir: Path, tmp_path: Path) -> None:
    segments = SegmentSynthesizer(voice_dir, None, work_dir=tmp_path)
    with pytest.raises(SpeechError):
        segments.synthesize("Nomor antrean C satu")


def test_recordings_of_another_rate_are_resampled(
    tmp_path: Path, write_tone: Callable[..., Path]
) -> None:
    folder = tmp_path / "voice"
    folder.mkdir()
    write_tone(folder / "satu.wav", 0.3, rate=44100)
    write_tone(folder / "dua.wav", 0.2, rate=16000)
    segments = SegmentSynthesizer(folder, None, work_dir=tmp_path / "out", word_gap_s=0.0)
    clip = read_wav(segments.synthesize("satu dua"))
    assert clip.rate == 22050
    assert clip.duration_s == pytest.approx(0.5, abs=0.002)


def test_a_missing_voice_folder_means_always_fallback(tmp_path: Path) -> None:
    fallback = FakeSynthesizer(tmp_path / "fallback")
    segments = SegmentSynthesizer(tmp_path / "nowhere", fallback, work_dir=tmp_path / "out")
    assert segments.words == frozenset()
    segments.synthesize("satu")
    assert fallback.texts == ["satu"]


def test_the_silence_around_a_recorded_word_is_dropped(
    tmp_path: Path, tone: Callable[..., Clip]
) -> None:
    folder = tmp_path / "voice"
    folder.mkdir()
    hiss = Clip(array.array("h", [40, -40] * round(0.15 * 22050)), 22050)  # room noise
    for word in ("satu", "dua"):  # recorded with a breath before and after
        write_wav(folder / f"{word}.wav", concat([silence(0.3), hiss, tone(0.2), hiss]))
    segments = SegmentSynthesizer(folder, None, work_dir=tmp_path / "out", word_gap_s=0.04)
    clip = read_wav(segments.synthesize("satu dua"))
    kept_s = 0.02  # on either side of each word, for a soft first or last sound
    assert clip.duration_s == pytest.approx(2 * (0.2 + 2 * kept_s) + 0.04, abs=0.002)


def test_the_backlog_form_is_said_from_the_recordings(
    voice_dir: Path, tmp_path: Path, clock: Any
) -> None:
    full_fallback = FakeSynthesizer(tmp_path / "fallback")
    brisk_fallback = FakeSynthesizer(tmp_path / "brisk-fallback")
    player = FakePlayer()
    announcer = Announcer(
        SegmentSynthesizer(voice_dir, full_fallback, work_dir=tmp_path / "full", pause_s=PAUSE_S),
        player,
        backlog_synthesizer=SegmentSynthesizer(
            voice_dir, brisk_fallback, work_dir=tmp_path / "brisk", pause_s=PAUSE_S
        ),
        config=CallerConfig(chime=None, repeat=1),
        clock=clock,
    )
    announcer.submit(event(1, "B-007", 4, clock.now()))
    announcer.submit(event(2, "A-012", 3, clock.now()))  # waiting: B-007 is said briefly
    with announcer:
        assert announcer.wait_idle(WAIT_S)
    assert [(o.text, o.backlog) for o in announcer.outcomes] == [
        ("B tujuh ke loket empat", True),
        ("Nomor antrean A dua belas, silakan menuju loket tiga", False),
    ]
    assert full_fallback.texts == brisk_fallback.texts == []  # every word recorded
    brief, full = (_levels(played.clip) for played in player.played)
    assert brief == [100 * (WORDS.index(w) + 1) for w in ["be", "tujuh", "ke", "loket", "empat"]]
    assert full[0] == 100 * (WORDS.index("nomor") + 1)
