"""Playing through a real `aplay`, and what happens with no sound card or a hung player."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from voice.player import CommandPlayer, FakePlayer


@pytest.fixture
def short_wav(tmp_path: Path, write_tone: Callable[..., Path]) -> Path:
    return write_tone(tmp_path / "beep.wav", 0.2)


def test_real_aplay_plays_to_the_null_device(short_wav: Path) -> None:
    assert CommandPlayer(["aplay", "-q", "-D", "null"]).play(short_wav) is True


def test_no_sound_device_is_logged_once_and_not_fatal(
    short_wav: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A real aplay that cannot open its device fails exactly like one with no sound card.
    player = CommandPlayer(["aplay", "-q", "-D", "antrian_no_such_device"])
    with caplog.at_level(logging.DEBUG, logger="voice.player"):
        results = [player.play(short_wav) for _ in range(3)]
    assert results == [False, False, False]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "shown but not heard" in warnings[0].getMessage()


def test_missing_player_program_is_logged_once(
    short_wav: Path, caplog: pytest.LogCaptureFixture
) -> None:
    player = CommandPlayer(["antrian-no-such-player"])
    with caplog.at_level(logging.WARNING, logger="voice.player"):
        assert player.play(short_wav) is False
        assert player.play(short_wav) is False
    assert len(caplog.records) == 1


def test_recovery_is_logged(short_wav: Path, caplog: pytest.LogCaptureFixture) -> None:
    player = CommandPlayer(["aplay", "-q", "-D", "antrian_no_such_device"])
    with caplog.at_level(logging.INFO, logger="voice.player"):
        assert player.play(short_wav) is False
        player.command = ["aplay", "-q", "-D", "null"]  # the speaker is plugged in
        assert player.play(short_wav) is True
    assert [r.levelno for r in caplog.records] == [logging.WARNING, logging.INFO]


def test_a_hung_player_is_killed_after_the_sound_plus_margin(short_wav: Path) -> None:
    player = CommandPlayer([sys.executable, "-c", "import time; time.sleep(60)"], margin_s=0.5)
    started = time.monotonic()
    assert player.play(short_wav) is False
    assert time.monotonic() - started < 10


def test_unreadable_file_is_not_played(tmp_path: Path) -> None:
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF")
    assert CommandPlayer(["aplay", "-q", "-D", "null"]).play(broken) is False


def test_fake_player_records_the_sound(short_wav: Path) -> None:
    player = FakePlayer(heard=False)
    assert player.play(short_wav) is False
    [played] = player.played
    assert played.name == "beep.wav"
    assert played.clip.duration_s == pytest.approx(0.2)
    assert played.started <= played.ended
    assert player.overlaps == 0
