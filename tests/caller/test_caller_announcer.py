"""The announcer: order, dedupe, staleness, recalls, no overlap, saving, failures."""

from __future__ import annotations

import array
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.caller.rig import WAIT_S, Rig, event, wire_time
from voice.announcer import Announcer, Outcome, Status
from voice.audio import read_wav
from voice.config import DEFAULT_CHIME, CallerConfig
from voice.player import CommandPlayer, FakePlayer
from voice.speech import EspeakSynthesizer, FakeSynthesizer


@pytest.fixture
def rig(tmp_path: Path, clock: Any) -> Iterator[Rig]:
    rig = Rig(tmp_path, clock, chime=None, repeat=1)
    rig.announcer.start()
    yield rig
    assert rig.announcer.stop()


def test_calls_are_spoken_in_order(tmp_path: Path, clock: Any) -> None:
    rig = Rig(tmp_path, clock, chime=None, repeat=1)
    now = clock.now()
    for seq, number, counter in [(1, "A-001", 1), (2, "B-002", 2), (3, "A-003", 5)]:
        assert rig.announcer.submit(event(seq, number, counter, now))
    with rig.announcer:  # started after all three are queued: the first two find others waiting
        rig.idle()
    assert rig.synthesizer.texts == [
        "A satu ke loket satu",
        "B dua ke loket dua",
        "Nomor antrean A tiga, silakan menuju loket lima",
    ]
    assert rig.statuses() == [(1, Status.SPOKEN), (2, Status.SPOKEN), (3, Status.SPOKEN)]
    assert [o.backlog for o in rig.outcomes] == [True, True, False]
    assert len(rig.player.played) == 3
    assert all(outcome.heard for outcome in rig.outcomes)


def test_a_seq_is_never_spoken_twice(tmp_path: Path, clock: Any) -> None:
    gate = threading.Event()
    rig = Rig(tmp_path, clock, chime=None, repeat=1, player={"gate": gate})
    call = event(7, "A-012", 3, clock.now())
    with rig.announcer:
        assert rig.announcer.submit(call)
        assert rig.player.playing.wait(WAIT_S)
        assert not rig.announcer.submit(call)  # while it is being spoken
        gate.set()
        rig.idle()
        assert not rig.announcer.submit(dict(call))  # a replay after a reconnect
        rig.idle()
    assert rig.statuses() == [(7, Status.DUPLICATE), (7, Status.SPOKEN), (7, Status.DUPLICATE)]
    assert len(rig.player.played) == 1


def test_a_stale_call_is_shown_but_not_spoken(rig: Rig, clock: Any) -> None:
    assert rig.announcer.submit(event(1, "A-001", 1, clock.now() - dt.timedelta(seconds=61)))
    assert rig.announcer.submit(event(2, "A-002", 1, clock.now() - dt.timedelta(seconds=59)))
    rig.idle()
    assert rig.statuses() == [(1, Status.STALE), (2, Status.SPOKEN)]
    assert rig.synthesizer.texts == ["Nomor antrean A dua, silakan menuju loket satu"]
    assert rig.outcomes[0].reason == "61 s old"


def test_age_is_judged_when_the_call_gets_its_turn(tmp_path: Path, clock: Any) -> None:
    gate = threading.Event()
    rig = Rig(tmp_path, clock, chime=None, repeat=1, player={"gate": gate})
    with rig.announcer:
        assert rig.announcer.submit(event(1, "A-001", 1, clock.now()))
        assert rig.player.playing.wait(WAIT_S)  # the first call holds the speaker
        assert rig.announcer.submit(event(2, "A-002", 1, clock.now()))
        clock.advance(120)  # e.g. the speaker was busy for two minutes
        gate.set()
        rig.idle()
    assert rig.statuses() == [(1, Status.SPOKEN), (2, Status.STALE)]


def test_a_recall_is_spoken_again(rig: Rig, clock: Any) -> None:
    assert rig.announcer.submit(event(1, "A-012", 3, clock.now()))
    rig.idle()
    clock.advance(30)
    recall = event(2, "A-012", 3, clock.now(), kind="ticket.recalled", recall_count=1)
    assert rig.announcer.submit(recall)
    rig.idle()
    assert rig.synthesizer.texts == [
        "Nomor antrean A dua belas, silakan menuju loket tiga",
        "Panggilan ulang, nomor antrean A dua belas, silakan menuju loket tiga",
    ]
    assert len(rig.player.played) == 2


def test_announcements_never_overlap(tmp_path: Path, clock: Any) -> None:
    rig = Rig(tmp_path, clock, chime=None, repeat=1, player={"play_s": 0.01})
    now = clock.now()
    start = threading.Barrier(4)

    def hub_connection(first_seq: int) -> None:
        start.wait(WAIT_S)
        for seq in range(first_seq, first_seq + 5):
            rig.announcer.submit(event(seq, f"A-{seq:03d}", 1, now))

    with rig.announcer:
        threads = [threading.Thread(target=hub_connection, args=(n * 10,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT_S)
        rig.idle()
    played = sorted(rig.player.played, key=lambda p: p.started)
    assert len(played) == 20
    assert rig.player.overlaps == 0
    assert all(a.ended <= b.started for a, b in zip(played, played[1:], strict=False))


def test_chime_then_the_phrase_said_twice(tmp_path: Path, clock: Any) -> None:
    rig = Rig(tmp_path, clock, repeat=2, pause_s=0.8, chime_gap_s=0.3, save_dir=tmp_path / "saved")
    with rig.announcer:
        rig.announcer.submit(event(1, "A-012", 3, clock.now()))
        rig.idle()
    # Each its own sound: a call coming in meanwhile changes what follows.
    chime, first, again = rig.player.played
    speech_s = len(rig.synthesizer.texts[0]) * 0.005
    assert chime.clip == read_wav(DEFAULT_CHIME)  # the chime untouched
    assert first.clip.duration_s == pytest.approx(0.3 + speech_s, abs=0.002)
    assert first.clip.samples[: round(0.3 * 22050)] == array.array("h", bytes(2 * 6615))
    assert again.clip.duration_s == pytest.approx(0.8 + speech_s, abs=0.002)
    assert first.clip.samples[-100:] == again.clip.samples[-100:]  # the same phrase again
    [outcome] = rig.outcomes
    assert (outcome.said, outcome.backlog) == (2, False)
    assert outcome.text == "Nomor antrean A dua belas, silakan menuju loket tiga"
    assert outcome.saved is not None  # end to end, as the hall heard it
    assert read_wav(outcome.saved).samples == chime.clip.samples + first.clip.samples + (
        again.clip.samples
    )


def test_save_dir_keeps_each_announcement(tmp_path: Path, clock: Any) -> None:
    save_dir = tmp_path / "saved"
    rig = Rig(tmp_path, clock, chime=None, repeat=1, save_dir=save_dir)
    with rig.announcer:
        rig.announcer.submit(event(41, "A-012", 3, clock.now()))
        rig.announcer.submit(event(42, "A-012", 3, clock.now(), kind="ticket.recalled"))
        rig.idle()
    assert sorted(p.name for p in save_dir.iterdir()) == [
        "00000041-A-012-called.wav",
        "00000042-A-012-recalled.wav",
    ]
    assert rig.outcomes[0].saved == save_dir / "00000041-A-012-called.wav"
    assert read_wav(save_dir / "00000041-A-012-called.wav") == rig.player.played[0].clip


def test_temporary_files_are_cleaned_up(tmp_path: Path, clock: Any) -> None:
    rig = Rig(tmp_path, clock, chime=None, repeat=1)
    with rig.announcer:
        rig.announcer.submit(event(1, "A-012", 3, clock.now()))
        rig.idle()
    assert list((tmp_path / "speech").iterdir()) == []


def test_no_sound_card_still_counts_as_handled(tmp_path: Path, clock: Any) -> None:
    rig = Rig(tmp_path, clock, chime=None, repeat=1, player={"heard": False})
    with rig.announcer:
        rig.announcer.submit(event(1, "A-001", 1, clock.now()))
        rig.announcer.submit(event(2, "A-002", 1, clock.now()))
        rig.idle()
    assert rig.statuses() == [(1, Status.SPOKEN), (2, Status.SPOKEN)]
    assert [o.heard for o in rig.outcomes] == [False, False]


def test_a_failed_synthesis_does_not_stop_the_next_call(rig: Rig, clock: Any) -> None:
    # Either form: A-001 may or may not find A-002 already waiting.
    rig.synthesizer.fail_on.update(["Nomor antrean A satu, silakan menuju loket satu",
                                    "A satu ke loket satu"])  # fmt: skip
    rig.announcer.submit(event(1, "A-001", 1, clock.now()))
    rig.announcer.submit(event(2, "A-002", 1, clock.now()))
    rig.idle()
    assert rig.statuses() == [(1, Status.FAILED), (2, Status.SPOKEN)]


def test_other_events_are_not_spoken(rig: Rig, clock: Any) -> None:
    issued = {"seq": 1, "type": "ticket.issued", "at": wire_time(clock.now()), "number": "A-1"}
    assert not rig.announcer.submit(issued)
    transfer = event(2, "B-007", 2, clock.now(), kind="ticket.transferred", to_counter=4)
    assert not rig.announcer.submit(transfer)  # off by default: the new counter will call
    rig.idle()
    assert rig.outcomes == []


def test_transfers_can_be_announced(tmp_path: Path, clock: Any) -> None:
    rig = Rig(tmp_path, clock, chime=None, repeat=1, announce_transfers=True)
    with rig.announcer:
        transfer = event(2, "B-007", 2, clock.now(), kind="ticket.transferred", to_counter=4)
        assert rig.announcer.submit(transfer)
        rig.idle()
    assert rig.synthesizer.texts == ["Nomor antrean B tujuh, silakan menuju loket empat"]


@pytest.mark.parametrize(
    "bad",
    [
        {"number": "???"},
        {"at": "yesterday"},
        {"at": "2025-03-03T01:30:00"},  # no time zone
        {"seq": "x"},
    ],
)
def test_malformed_calls_are_reported_invalid(rig: Rig, clock: Any, bad: dict[str, Any]) -> None:
    assert not rig.announcer.submit({**event(1, "A-001", 1, clock.now()), **bad})
    assert [o.status for o in rig.outcomes] == [Status.INVALID]


def test_stop_drops_what_is_still_queued(tmp_path: Path, clock: Any) -> None:
    gate = threading.Event()
    rig = Rig(tmp_path, clock, chime=None, repeat=1, player={"gate": gate})
    rig.announcer.start()
    for seq in (1, 2, 3):
        rig.announcer.submit(event(seq, f"A-00{seq}", 1, clock.now()))
    assert rig.player.playing.wait(WAIT_S)
    stopped: list[bool] = []
    stopper = threading.Thread(target=lambda: stopped.append(rig.announcer.stop()))
    stopper.start()
    gate.set()  # the announcement playing now is finished, not cut
    stopper.join(WAIT_S)
    assert stopped == [True]
    assert rig.statuses() == [(1, Status.SPOKEN), (2, Status.DROPPED), (3, Status.DROPPED)]


def test_a_failing_listener_does_not_silence_the_hall(tmp_path: Path, clock: Any) -> None:
    def listener(outcome: Outcome) -> None:
        raise RuntimeError("the TV window has a bug")

    player = FakePlayer()
    announcer = Announcer(
        FakeSynthesizer(tmp_path, ms_per_char=5),
        player,
        config=CallerConfig(chime=None, repeat=1),
        clock=clock,
        on_outcome=listener,
    )
    with announcer:
        announcer.submit(event(1, "A-001", 1, clock.now()))
        announcer.submit(event(2, "A-002", 1, clock.now()))
        assert announcer.wait_idle(WAIT_S)
    assert len(player.played) == 2


def test_real_espeak_and_aplay_end_to_end(tmp_path: Path, clock: Any) -> None:
    """The whole path with real programs: espeak-ng speaks, aplay plays to the null device."""
    synthesizer = EspeakSynthesizer(work_dir=tmp_path / "speech")
    outcomes: list[Outcome] = []
    announcer = Announcer(
        synthesizer,
        CommandPlayer(["aplay", "-q", "-D", "null"]),
        config=CallerConfig(save_dir=tmp_path / "saved"),
        clock=clock,
        on_outcome=outcomes.append,
    )
    with announcer:
        announcer.submit(event(1, "A-012", 3, clock.now()))
        assert announcer.wait_idle(WAIT_S)
    synthesizer.close()
    [outcome] = outcomes
    assert outcome.status is Status.SPOKEN
    assert outcome.heard
    assert outcome.saved is not None
    saved = read_wav(outcome.saved)
    assert 1.2 + 2 * 1.5 < saved.duration_s < 1.5 + 2 * 6 + 2  # chime + the phrase twice
