"""The morning peak: calls waiting are said once each after the short chime.

The fault: nine counters calling within seconds queued ~95 s of audio (chime + the
phrase twice, ~11 s a call), so the last citizen heard their number a minute and a half
late. The fake player holds the first sound while the burst arrives; the times are those
of a speaker playing the recorded sounds back to back (their real lengths), no sleeping.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest

from display.caller.announcer import Status
from display.caller.audio import cut, read_wav
from display.caller.config import DEFAULT_CHIME, DEFAULT_SHORT_CHIME
from display.caller.speech import EspeakSynthesizer
from tests.caller.rig import WAIT_S, Rig, event

# Nine counters at opening time (the demo office), mid-morning numbers.
BURST = [("A-012", 1), ("B-012", 2), ("A-013", 3), ("C-012", 4), ("A-014", 5),
         ("C-013", 6), ("D-012", 7), ("E-012", 8), ("D-013", 9)]  # fmt: skip
FULL_CALL_S = 11.0  # what each call took before: chime, the phrase, a pause, the phrase


def speaker_starts(rig: Rig) -> dict[str, float]:
    """When each spoken call's first sound starts, on a speaker playing back to back."""
    starts: dict[str, float] = {}
    at = 0.0
    plays = iter(rig.player.played)
    for outcome in rig.outcomes:
        if outcome.status is not Status.SPOKEN:
            continue
        for index in range(outcome.said):
            played = next(plays)
            if index == 0:
                starts[str(outcome.number)] = at
            at += played.clip.duration_s
    assert next(plays, None) is None, "a sound that belongs to no call"
    return starts


def burst(rig: Rig, gate: threading.Event, clock: Any) -> None:
    """The first call starts playing; the other eight arrive while it does."""
    (number, counter), *rest = BURST
    with rig.announcer:
        assert rig.announcer.submit(event(1, number, counter, clock.now()))
        assert rig.player.playing.wait(WAIT_S)
        for seq, (number, counter) in enumerate(rest, start=2):
            assert rig.announcer.submit(event(seq, number, counter, clock.now()))
        gate.set()
        rig.idle()


def test_the_last_of_nine_calls_in_a_burst_is_not_heard_a_minute_late(
    tmp_path: Path, clock: Any
) -> None:
    gate = threading.Event()
    # 85 ms a character: the fake's phrase lasts as long as espeak-ng's (4.4 s in full).
    rig = Rig(tmp_path, clock, ms_per_char=85, player={"gate": gate})  # real chimes, repeat 2
    burst(rig, gate, clock)
    assert rig.synthesizer.texts == [
        "Nomor antrean A dua belas, silakan menuju loket satu",
        "B dua belas, ke loket dua",
        "A tiga belas, ke loket tiga",
        "C dua belas, ke loket empat",
        "A empat belas, ke loket lima",
        "C tiga belas, ke loket enam",
        "D dua belas, ke loket tujuh",
        "E dua belas, ke loket delapan",
        "Nomor antrean D tiga belas, silakan menuju loket sembilan",  # nobody waits behind it
    ]
    assert [o.said for o in rig.outcomes] == [1, 1, 1, 1, 1, 1, 1, 1, 2]
    assert [o.backlog for o in rig.outcomes] == [False] + [True] * 7 + [False]
    starts = speaker_starts(rig)
    assert starts["D-013"] < 26.0  # was 8 x ~11 s = ~88 s
    assert starts["D-013"] < 8 * FULL_CALL_S / 3
    short = read_wav(DEFAULT_SHORT_CHIME)
    chime = read_wav(DEFAULT_CHIME)
    backlog_sounds = rig.player.played[1:8]
    for played in backlog_sounds:
        assert played.clip.samples[: len(short.samples)] == short.samples
        assert played.clip.duration_s < 3.0  # short chime + the short phrase, once
    assert rig.player.played[0].clip.samples[: len(chime.samples)] == chime.samples
    assert rig.player.overlaps == 0


def test_a_call_arriving_during_the_first_saying_skips_the_repeat(
    tmp_path: Path, clock: Any
) -> None:
    gate = threading.Event()
    rig = Rig(tmp_path, clock, chime=None, repeat=2, player={"gate": gate})
    with rig.announcer:
        rig.announcer.submit(event(1, "A-001", 1, clock.now()))
        assert rig.player.playing.wait(WAIT_S)
        rig.announcer.submit(event(2, "A-002", 2, clock.now()))
        gate.set()
        rig.idle()
    assert [(o.number, o.said, o.backlog) for o in rig.outcomes] == [
        ("A-001", 1, False),  # its repeat gave way to A-002
        ("A-002", 2, False),  # nobody behind it: in full, twice
    ]
    assert len(rig.player.played) == 3


def test_a_stale_call_waiting_does_not_cut_the_call_short(tmp_path: Path, clock: Any) -> None:
    gate = threading.Event()
    rig = Rig(tmp_path, clock, chime=None, repeat=2, player={"gate": gate})
    with rig.announcer:
        rig.announcer.submit(event(1, "A-001", 1, clock.now()))
        assert rig.player.playing.wait(WAIT_S)
        old = clock.now() - dt.timedelta(seconds=61)  # a replay after a reconnect
        rig.announcer.submit(event(2, "A-002", 2, old))
        gate.set()
        rig.idle()
    assert [(o.number, o.status, o.said) for o in rig.outcomes] == [
        ("A-001", Status.SPOKEN, 2),
        ("A-002", Status.STALE, 0),
    ]


def test_a_custom_chime_is_cut_short_for_the_backlog(
    tmp_path: Path, clock: Any, write_tone: Any
) -> None:
    chime_path = write_tone(tmp_path / "bell.wav", 2.0, frequency=880)
    rig = Rig(tmp_path, clock, chime=chime_path, short_chime=None, repeat=1, chime_gap_s=0.0,
              short_chime_gap_s=0.0)  # fmt: skip
    for seq in (1, 2):
        rig.announcer.submit(event(seq, f"A-00{seq}", 1, clock.now()))
    with rig.announcer:
        rig.idle()
    backlog, last = rig.player.played
    expected = cut(read_wav(chime_path), 0.4)
    assert backlog.clip.samples[: len(expected.samples)] == expected.samples
    assert abs(expected.samples[-1]) < 50  # faded out: no click
    assert last.clip.samples[: round(2.0 * 22050)] == read_wav(chime_path).samples


def test_no_chime_means_none_at_the_peak_either(tmp_path: Path, clock: Any) -> None:
    rig = Rig(tmp_path, clock, chime=None, repeat=1)
    for seq in (1, 2):
        rig.announcer.submit(event(seq, f"A-00{seq}", 1, clock.now()))
    with rig.announcer:
        rig.idle()
    speech_s = len("A satu, ke loket satu") * 0.005
    assert rig.player.played[0].clip.duration_s == pytest.approx(speech_s, abs=0.002)


def test_real_espeak_burst_of_nine(tmp_path: Path, clock: Any) -> None:
    """What the hall hears at the peak, made by espeak-ng and kept with --save-dir."""
    gate = threading.Event()
    rig = Rig(tmp_path, clock, player={"gate": gate}, save_dir=tmp_path / "saved")
    espeak = EspeakSynthesizer(work_dir=tmp_path / "espeak")
    rig.announcer.synthesizer = espeak
    try:
        burst(rig, gate, clock)
    finally:
        espeak.close()
    saved = sorted((tmp_path / "saved").iterdir())
    assert [path.name for path in saved] == [
        f"{seq:08d}-{number}-called.wav" for seq, (number, _counter) in enumerate(BURST, 1)
    ]
    durations = [read_wav(path).duration_s for path in saved]
    chime_s = read_wav(DEFAULT_CHIME).duration_s + 0.3
    assert chime_s + 3.0 < durations[0] < chime_s + 5.5  # the chime and the call once
    assert all(1.8 < d < 3.6 for d in durations[1:8]), durations  # short chime, short phrase
    assert durations[8] > durations[0] + 3.0  # said twice: nobody waited behind it
    assert all(read_wav(path).peak > 8000 for path in saved)  # speech, not silence
    starts = speaker_starts(rig)
    print("speaker starts:", {number: round(at, 1) for number, at in starts.items()})
    assert starts["D-013"] < 27.0, starts  # 25.5 s measured; ~88 s before
