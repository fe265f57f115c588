"""Keypad against a real pty: presses become actions, bounce and noise are dropped, unplug heals."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from counter_panel.hardware import HardwareConfigError, Keypad
from tests.counter_hardware.conftest import (
    Pty,
    PtyFactory,
    Recorder,
    plug,
    records,
    unplug,
    wait_until,
)

KeypadFactory = Callable[..., Keypad]
CODES = {"1": "call_next", "2": "recall", "0x33": "serve", "0x34": "close", "5": "no_show"}


class FakeClock:
    """Time that moves only when the test says, so the bounce window needs no sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def make_keypad(recorder: Recorder) -> Iterator[KeypadFactory]:
    keypads: list[Keypad] = []

    def make(device: str, **options: object) -> Keypad:
        options.setdefault("on_connection", recorder.connection)
        keypad = Keypad(device, CODES, recorder.action, **options)  # type: ignore[arg-type]
        keypads.append(keypad)
        keypad.start()
        return keypad

    yield make
    for keypad in keypads:
        keypad.stop()


def stop_quickly(keypad: Keypad) -> float:
    started = time.monotonic()
    keypad.stop()
    elapsed = time.monotonic() - started
    assert not keypad.running
    return elapsed


def test_presses_become_actions_in_order(
    pty: Pty, make_keypad: KeypadFactory, recorder: Recorder
) -> None:
    keypad = make_keypad(pty.path)
    # pyserial discards input on open: press keys only once the port is open.
    assert recorder.wait_connections(1) == [True]

    pty.write(b"1")
    assert recorder.wait_actions(1) == ["call_next"]
    pty.write(b"2345")

    assert recorder.wait_actions(5) == ["call_next", "recall", "serve", "close", "no_show"]
    assert keypad.connected
    assert stop_quickly(keypad) < 1.0
    assert recorder.wait_connections(2) == [True, False]


def test_repeated_code_within_bounce_window_is_ignored(
    pty: Pty, make_keypad: KeypadFactory, recorder: Recorder
) -> None:
    clock = FakeClock()
    make_keypad(pty.path, clock=clock)
    recorder.wait_connections(1)

    # "1" bounces twice; the "2" that follows proves all three were read before we assert.
    pty.write(b"112")
    assert recorder.wait_actions(2) == ["call_next", "recall"]

    clock.now += 0.1
    pty.write(b"2")  # 0.1 s after the accepted "2": a bounce
    pty.write(b"1")  # a different key is never a bounce
    assert recorder.wait_actions(3) == ["call_next", "recall", "call_next"]

    clock.now += 0.31  # past the window of the "1" just accepted
    pty.write(b"1")
    assert recorder.wait_actions(4) == ["call_next", "recall", "call_next", "call_next"]


def test_bounce_window_uses_the_real_monotonic_clock(
    pty: Pty, make_keypad: KeypadFactory, recorder: Recorder
) -> None:
    make_keypad(pty.path)
    recorder.wait_connections(1)

    pty.write(b"11")  # one write: both bytes arrive within microseconds
    pty.write(b"2")
    assert recorder.wait_actions(2) == ["call_next", "recall"]


def test_unknown_bytes_are_ignored(
    pty: Pty, make_keypad: KeypadFactory, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="counter_panel")
    make_keypad(pty.path)
    recorder.wait_connections(1)

    pty.write(b"x1\r\n\xff2")

    assert recorder.wait_actions(2) == ["call_next", "recall"]
    assert len(records(caplog, logging.DEBUG, "ignoring unknown byte")) == 4


def test_a_failing_handler_does_not_stop_the_keypad(
    pty: Pty, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[str] = []
    second = threading.Event()
    connected = threading.Event()

    def on_action(action: str) -> None:
        seen.append(action)
        if len(seen) == 1:
            raise RuntimeError("panel bug")
        second.set()

    def on_connection(up: bool) -> None:
        if up:
            connected.set()

    keypad = Keypad(pty.path, CODES, on_action, on_connection=on_connection)
    keypad.start()
    try:
        assert connected.wait(5)
        pty.write(b"12")
        assert second.wait(5)
    finally:
        keypad.stop()

    assert seen == ["call_next", "recall"]
    assert records(caplog, logging.ERROR, "on_action('call_next') failed")


def test_missing_device_is_retried_until_plugged(
    tmp_path: Path,
    pty: Pty,
    make_keypad: KeypadFactory,
    recorder: Recorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="counter_panel")
    link = tmp_path / "ttyKEYPAD"
    keypad = make_keypad(str(link), retry_s=0.02)

    # Several failed attempts, each visible at debug level, but only one warning.
    assert wait_until(lambda: len(records(caplog, logging.DEBUG, "still unavailable")) >= 3)
    warnings = records(caplog, logging.WARNING, "unavailable")
    assert len(warnings) == 1
    assert str(link) in warnings[0].message
    assert recorder.connections == []

    plug(link, pty)
    assert recorder.wait_connections(1) == [True]
    pty.write(b"3")

    assert recorder.wait_actions(1) == ["serve"]
    assert len(records(caplog, logging.INFO, "is back")) == 1
    assert stop_quickly(keypad) < 1.0


def test_stop_is_prompt_while_waiting_to_retry(
    tmp_path: Path, make_keypad: KeypadFactory, caplog: pytest.LogCaptureFixture
) -> None:
    keypad = make_keypad(str(tmp_path / "absent"), retry_s=30.0)
    # The first attempt has failed: the reader is now inside its 30 s wait.
    assert wait_until(lambda: bool(records(caplog, logging.WARNING, "unavailable")))

    assert stop_quickly(keypad) < 1.0


def test_unplug_and_replug_while_reading(
    tmp_path: Path,
    make_pty: PtyFactory,
    make_keypad: KeypadFactory,
    recorder: Recorder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="counter_panel")
    first, second = make_pty(), make_pty()
    link = tmp_path / "ttyKEYPAD"
    plug(link, first)
    keypad = make_keypad(str(link), retry_s=0.02)
    recorder.wait_connections(1)
    first.write(b"1")
    assert recorder.wait_actions(1) == ["call_next"]

    unplug(link, first)
    assert recorder.wait_connections(2) == [True, False]
    [warning] = records(caplog, logging.WARNING, "unavailable")
    assert "lost while reading" in warning.message

    plug(link, second)
    assert recorder.wait_connections(3) == [True, False, True]
    second.write(b"2")

    assert recorder.wait_actions(2) == ["call_next", "recall"]
    assert len(records(caplog, logging.INFO, "is back")) == 1
    assert stop_quickly(keypad) < 1.0


def test_start_twice_runs_one_reader(
    pty: Pty, make_keypad: KeypadFactory, recorder: Recorder
) -> None:
    keypad = make_keypad(pty.path)
    keypad.start()
    recorder.wait_connections(1)

    readers = [t for t in threading.enumerate() if t.name == f"keypad {pty.path}"]
    assert len(readers) == 1
    assert stop_quickly(keypad) < 1.0


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ({"1": "dance"}, "unknown action 'dance'; allowed actions: call_next, recall, serve"),
        ({"12": "call_next"}, "code '12' is neither one ASCII character"),
        ({"0x1G": "call_next"}, "code '0x1G'"),
        ({"0x100": "call_next"}, "code '0x100'"),
        ({"1": "call_next", "0x31": "recall"}, "byte 0x31 is given twice"),
        ({}, "no codes configured"),
    ],
)
def test_bad_code_tables_are_config_errors(codes: dict[str, str], expected: str) -> None:
    with pytest.raises(HardwareConfigError, match=expected):
        Keypad("/dev/ttyUSB1", codes, print)


def test_hex_and_character_codes_name_the_same_bytes() -> None:
    keypad = Keypad("/dev/ttyUSB1", {"A": "call_next", "0x0d": "recall", "0X7f": "serve"}, print)

    assert keypad.codes == {0x41: "call_next", 0x0D: "recall", 0x7F: "serve"}
    assert not keypad.running


@pytest.mark.parametrize(
    "options", [{"parity": "Z"}, {"retry_s": 0}, {"bounce_s": -1}, {"baud": True}]
)
def test_bad_keypad_settings_are_config_errors(options: dict[str, object]) -> None:
    with pytest.raises(HardwareConfigError):
        Keypad("/dev/ttyUSB1", CODES, print, **options)  # type: ignore[arg-type]
