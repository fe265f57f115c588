"""WAV helpers and the shipped chime."""

from __future__ import annotations

import array
import math
import runpy
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from voice.audio import (
    Clip,
    concat,
    cut,
    read_wav,
    resample,
    silence,
    trim,
    trim_end,
    write_wav,
)
from voice.config import DEFAULT_CHIME, DEFAULT_SHORT_CHIME, CallerConfig, compose
from voice.errors import AudioError, CallerError

ROOT = Path(__file__).resolve().parents[2]


def test_write_then_read_round_trip(tmp_path: Path, tone: Callable[..., Clip]) -> None:
    clip = tone(0.25)
    back = read_wav(write_wav(tmp_path / "t.wav", clip))
    assert back == clip


def test_stereo_8_bit_is_read_as_16_bit_mono(tmp_path: Path) -> None:
    path = tmp_path / "stereo8.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(1)
        wav.setframerate(8000)
        wav.writeframes(bytes([128 + 64, 128 + 32] * 100))  # left +64, right +32
    clip = read_wav(path)
    assert clip.rate == 8000
    assert len(clip.samples) == 100
    assert set(clip.samples) == {48 << 8}  # the average of both channels, scaled up


def test_not_a_wav_is_an_audio_error(tmp_path: Path) -> None:
    path = tmp_path / "x.wav"
    path.write_bytes(b"not a wav")
    with pytest.raises(AudioError):
        read_wav(path)


def test_resample_keeps_duration(tone: Callable[..., Clip]) -> None:
    clip = resample(tone(0.5, rate=44100), 22050)
    assert clip.rate == 22050
    assert clip.duration_s == pytest.approx(0.5, abs=0.001)


def test_concat_and_compose_lengths() -> None:
    speech = Clip(array.array("h", [1000] * 22050), 22050)  # one second
    chime = Clip(array.array("h", [500] * 11025), 22050)  # half a second
    assert concat([speech, silence(0.5), speech]).duration_s == pytest.approx(2.5)
    config = CallerConfig(repeat=2, pause_s=0.8, chime_gap_s=0.3, chime=None)
    assert compose(speech, chime, config).duration_s == pytest.approx(0.5 + 0.3 + 1 + 0.8 + 1)
    assert compose(speech, None, CallerConfig(repeat=1, chime=None)) == speech


def test_config_from_mapping() -> None:
    config = CallerConfig.from_mapping(
        {"repeat": 1, "save_dir": "/var/lib/antrian/calls", "chime": ""}
    )
    assert config.repeat == 1
    assert config.save_dir == Path("/var/lib/antrian/calls")
    assert config.chime is None
    with pytest.raises(CallerError, match="repet"):
        CallerConfig.from_mapping({"repet": 3})
    with pytest.raises(CallerError):
        CallerConfig(repeat=0)
    with pytest.raises(CallerError, match="backlog_pause_s cannot be negative"):
        CallerConfig(backlog_pause_s=-0.1)


def _level(samples: array.array[int], rate: int, frequency: float) -> float:
    """Goertzel: how much of one frequency a stretch of samples holds."""
    coefficient = 2 * math.cos(2 * math.pi * frequency / rate)
    previous = before = 0.0
    for sample in samples:
        previous, before = sample + coefficient * previous - before, previous
    return math.sqrt(previous**2 + before**2 - coefficient * previous * before)


def test_chime_is_a_soft_two_tone_ding_dong() -> None:
    assert DEFAULT_CHIME == ROOT / "sounds" / "chime.wav"
    with wave.open(str(DEFAULT_CHIME), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
    chime = read_wav(DEFAULT_CHIME)
    assert 1.0 <= chime.duration_s <= 1.5
    assert 0.4 * 32767 < chime.peak < 0.7 * 32767  # soft, never clipped
    assert abs(chime.samples[0]) < 500  # soft attack: no click at either end
    assert abs(chime.samples[-1]) < 50
    rate = chime.rate
    ding = chime.samples[: int(0.35 * rate)]
    dong = chime.samples[int(0.6 * rate) : int(0.95 * rate)]
    assert _level(ding, rate, 659.25) > 5 * _level(ding, rate, 523.25)
    assert _level(dong, rate, 523.25) > 2 * _level(dong, rate, 659.25)


def test_make_chime_rebuilds_the_committed_file(tmp_path: Path) -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "make_chime.py"))
    rebuilt = script["write_chime"](tmp_path / "chime.wav")
    assert rebuilt.read_bytes() == DEFAULT_CHIME.read_bytes()
    short = script["write_short_chime"](tmp_path / "chime-short.wav")
    assert short.read_bytes() == DEFAULT_SHORT_CHIME.read_bytes()


def test_short_chime_is_the_ding_alone_as_loud() -> None:
    short, chime = read_wav(DEFAULT_SHORT_CHIME), read_wav(DEFAULT_CHIME)
    assert short.rate == chime.rate == 22050
    assert 0.3 <= short.duration_s <= 0.5  # against the full chime's 1.2 s
    rate = short.rate
    assert _level(short.samples, rate, 659.25) > 5 * _level(short.samples, rate, 523.25)
    head = round(0.3 * rate)
    assert short.samples[:head] == chime.samples[:head]  # the same ding, the same loudness
    assert abs(short.samples[-1]) < 50  # faded out: no click


def test_trim_end_drops_the_voice_s_trailing_silence(tone: Callable[..., Clip]) -> None:
    speech = concat([tone(1.0), silence(0.4)])
    trimmed = trim_end(speech, keep_s=0.05)
    assert trimmed.duration_s == pytest.approx(1.05, abs=0.001)
    assert trim_end(tone(1.0)).duration_s == pytest.approx(1.0, abs=0.001)  # nothing to drop
    assert trim_end(silence(0.5)).duration_s == pytest.approx(0.05, abs=0.001)


def test_cut_fades_out(tone: Callable[..., Clip]) -> None:
    bell = tone(2.0, level=20000)
    short = cut(bell, 0.4, fade_s=0.06)
    assert short.duration_s == pytest.approx(0.4, abs=0.001)
    assert short.samples[:1000] == bell.samples[:1000]
    assert max(abs(s) for s in short.samples[-50:]) < 0.04 * 20000  # 50 of 1323 fade samples
    assert bell.duration_s == pytest.approx(2.0)  # the original is left whole


def test_trim_drops_silence_at_both_ends(tone: Callable[..., Clip]) -> None:
    word = concat([silence(0.3), tone(0.5), silence(0.4)])
    assert trim(word, keep_s=0.02).duration_s == pytest.approx(0.54, abs=0.001)
    assert trim(tone(0.5)).duration_s == pytest.approx(0.5, abs=0.001)  # nothing to drop
    assert trim(silence(0.5), keep_s=0.05).duration_s == pytest.approx(0.05, abs=0.001)
