"""Pre-recorded words joined into a call, with the TTS fallback for unrecorded words."""

from __future__ import annotations

import array
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from display.caller.audio import Clip, read_wav, write_wav
from display.caller.errors import SpeechError
from display.caller.phrase import call_phrase
from display.caller.segments import SegmentSynthesizer
from display.caller.speech import FakeSynthesizer

WORDS = ["nomor", "antrean", "a", "be", "dua", "belas", "tujuh", "silakan", "menuju", "loket"]
WORDS += ["tiga", "empat"]
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
    with caplog.at_level(logging.INFO, logger="display.caller.segments"):
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
