"""Speech synthesis: real espeak-ng once (the backend proof), the fake for the rest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from voice.audio import Clip, read_wav
from voice.errors import SpeechError
from voice.phrase import call_phrase
from voice.speech import EspeakSynthesizer, FakeSynthesizer


@pytest.fixture
def espeak(tmp_path: Path) -> Iterator[EspeakSynthesizer]:
    synthesizer = EspeakSynthesizer(work_dir=tmp_path / "speech")
    yield synthesizer
    synthesizer.close()


def test_real_espeak_speaks_a012_in_indonesian(espeak: EspeakSynthesizer) -> None:
    path = espeak.synthesize(call_phrase("A-012", 3))
    clip = read_wav(path)
    assert clip.rate == 22050
    assert 1.5 < clip.duration_s < 6.0
    loud = sum(1 for sample in clip.samples if abs(sample) > 2000)
    assert clip.peak > 8000
    assert loud > 0.1 * len(clip.samples)  # speech throughout, not a click in silence


def test_every_call_writes_a_fresh_file(espeak: EspeakSynthesizer) -> None:
    # One file per call: the announcer deletes a finished one while the next is made.
    first = espeak.synthesize("satu")
    first_bytes = first.read_bytes()
    second = espeak.synthesize("sembilan ratus sembilan puluh sembilan")
    assert first != second
    assert first.read_bytes() == first_bytes
    assert read_wav(second).duration_s > read_wav(first).duration_s


def test_repeated_calls_keep_their_own_settings(tmp_path: Path) -> None:
    # The race that ruled out pyttsx3: its runAndWait() returned before espeak finished,
    # so files were missing and a rate landed on the wrong call. Alternate and check all.
    text = call_phrase("A-012", 3)
    slow = EspeakSynthesizer(rate=110, work_dir=tmp_path)
    fast = EspeakSynthesizer(rate=220, work_dir=tmp_path)
    slow_s = [read_wav(slow.synthesize(text)).duration_s for _ in range(5)]
    fast_s = [read_wav(fast.synthesize(text)).duration_s for _ in range(5)]
    mixed = [read_wav(s.synthesize(text)).duration_s for s in (slow, fast, slow, fast)]
    assert min(slow_s) > 1.5 * max(fast_s)
    assert mixed[0] > 1.5 * mixed[1]
    assert mixed[2] > 1.5 * mixed[3]


def test_unknown_voice_is_refused_at_start_up() -> None:
    with pytest.raises(SpeechError, match="xx/nowhere"):
        EspeakSynthesizer(voice="xx/nowhere")


def test_missing_program_is_a_clear_error() -> None:
    with pytest.raises(SpeechError, match="not installed"):
        EspeakSynthesizer(program="antrian-no-such-espeak")


def test_a_phrase_starting_with_a_dash_is_spoken_not_parsed(espeak: EspeakSynthesizer) -> None:
    assert read_wav(espeak.synthesize("-v satu")).duration_s > 0.3


def test_empty_text_is_refused(espeak: EspeakSynthesizer) -> None:
    with pytest.raises(SpeechError):
        espeak.synthesize("  ")


def test_own_work_dir_is_removed_on_close() -> None:
    synthesizer = EspeakSynthesizer()
    path = synthesizer.synthesize("satu")
    synthesizer.close()
    assert not path.parent.exists()


def test_fake_writes_real_wavs_and_records_texts(tmp_path: Path) -> None:
    fake = FakeSynthesizer(tmp_path)
    path = fake.synthesize("abcde")
    assert read_wav(path).duration_s == pytest.approx(5 * 0.040, abs=0.001)
    assert fake.texts == ["abcde"]
    fake.fail_on.add("boom")
    with pytest.raises(SpeechError):
        fake.synthesize("boom")


def median_pitch_hz(clip: Clip) -> float:
    """The voice's typical fundamental: autocorrelation over its loud 40 ms stretches."""
    samples = np.asarray(clip.samples, dtype=np.float64)
    frame, hop = round(0.04 * clip.rate), round(0.02 * clip.rate)
    shortest, longest = clip.rate // 400, clip.rate // 70  # 70-400 Hz covers both voices
    pitches = []
    for start in range(0, len(samples) - frame - longest, hop):
        window = samples[start : start + frame]
        if np.sqrt(np.mean(window**2)) < 3000:
            continue  # a pause or a consonant: no pitch to read
        scores = [
            float(np.dot(window, samples[start + lag : start + lag + frame]))
            for lag in range(shortest, longest)
        ]
        pitches.append(clip.rate / (shortest + int(np.argmax(scores))))
    assert len(pitches) > 10, "no voiced speech found"
    return float(np.median(pitches))


def test_the_female_variant_speaks_higher(tmp_path: Path) -> None:
    text = call_phrase("A-012", 3)
    male = EspeakSynthesizer(work_dir=tmp_path / "male")
    female = EspeakSynthesizer(variant="f3", work_dir=tmp_path / "female")
    try:
        male_path, female_path = male.synthesize(text), female.synthesize(text)
        assert female_path.is_file()
        male_clip, female_clip = read_wav(male_path), read_wav(female_path)
    finally:
        male.close()
        female.close()
    assert female.voice == "poz/id+f3"
    assert 1.5 < female_clip.duration_s < 6.0  # the same call, at much the same pace
    assert abs(female_clip.duration_s - male_clip.duration_s) < 0.25 * male_clip.duration_s
    male_hz, female_hz = median_pitch_hz(male_clip), median_pitch_hz(female_clip)
    assert female_hz > 1.4 * male_hz, (male_hz, female_hz)


def test_a_variant_in_the_voice_name_works_too(tmp_path: Path) -> None:
    synthesizer = EspeakSynthesizer(voice="id+f2", work_dir=tmp_path)
    try:
        assert (synthesizer.voice, synthesizer.variant) == ("id+f2", "f2")
        assert read_wav(synthesizer.synthesize("satu")).duration_s > 0.3
    finally:
        synthesizer.close()


def test_an_unknown_variant_is_refused_at_start_up() -> None:
    # espeak-ng itself would quietly speak with its default voice instead.
    with pytest.raises(SpeechError, match=r"no voice variant 'f9'; installed: .*f3"):
        EspeakSynthesizer(variant="f9")
