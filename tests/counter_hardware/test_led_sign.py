"""LedSign against a real pty: the bytes on the wire, config errors, and surviving an unplug."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from counter_panel.hardware import HardwareConfigError, LedSign
from tests.counter_hardware.conftest import Pty, PtyFactory, plug, records, unplug

SignFactory = Callable[..., LedSign]


@pytest.fixture
def make_sign() -> Iterator[SignFactory]:
    signs: list[LedSign] = []

    def make(device: str, **options: object) -> LedSign:
        sign = LedSign(device, **options)  # type: ignore[arg-type]
        signs.append(sign)
        return sign

    yield make
    for sign in signs:
        sign.close()


def test_prefix_and_sequence_template_sends_exact_bytes(pty: Pty, make_sign: SignFactory) -> None:
    sign = make_sign(pty.path, template="{prefix}{sequence:03d}\r\n")

    assert sign.show("A-012") is True

    assert pty.read(6) == b"A012\r\n"
    assert pty.pending() == b""


def test_default_template_sends_number_and_crlf(pty: Pty, make_sign: SignFactory) -> None:
    sign = make_sign(pty.path)

    assert sign.show("A-012") is True
    assert sign.show("B-115") is True  # the port stays open between calls

    assert pty.read(14) == b"A-012\r\nB-115\r\n"
    assert sign.connected


def test_counter_field_is_blank_without_a_counter(pty: Pty, make_sign: SignFactory) -> None:
    sign = make_sign(pty.path, template="{counter:02d}>{number}\n")

    assert sign.show("C-007", counter=3) is True
    assert sign.show("C-008") is True

    assert pty.read(16) == b"03>C-007\n>C-008\n"


def test_clear_sends_clear_text(pty: Pty, make_sign: SignFactory) -> None:
    sign = make_sign(pty.path, clear_text="\x0c    \r\n")

    assert sign.clear() is True

    assert pty.read(7) == b"\x0c    \r\n"


def test_clear_without_clear_text_sends_nothing(pty: Pty, make_sign: SignFactory) -> None:
    sign = make_sign(pty.path)

    assert sign.clear() is True

    assert pty.pending() == b""


def test_unparseable_number_is_refused_without_sending(pty: Pty, make_sign: SignFactory) -> None:
    sign = make_sign(pty.path)

    assert sign.show("no digits") is False

    assert pty.pending() == b""


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{name}\r\n", "unknown field {name}"),
        ("{}\r\n", "unknown field {}"),
        ("{number.__class__}", "unknown field {number.__class__}"),
        ("{number!r}", "no !conversion"),
        ("{prefix:d}", "does not render"),
        ("{number", "is not valid"),
        ("", "is empty"),
    ],
)
def test_bad_template_names_the_template_and_allowed_fields(template: str, expected: str) -> None:
    with pytest.raises(HardwareConfigError) as raised:
        LedSign("/dev/ttyUSB0", template=template)

    message = str(raised.value)
    assert expected in message
    assert repr(template) in message
    assert "{number}, {prefix}, {sequence}, {counter}" in message


def test_template_the_encoding_cannot_carry_is_refused() -> None:
    with pytest.raises(HardwareConfigError, match="does not render"):
        LedSign("/dev/ttyUSB0", template="Nomor {number} \u2192\r\n")


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"parity": "X"}, r"parity: must be one of N, E, O, M, S .* \(got 'X'\)"),
        ({"baud": 0}, r"baud: must be a baud rate from 300 to 921600, such as 9600 \(got 0\)"),
        ({"bytesize": 9}, r"bytesize: must be one of 5, 6, 7, 8 \(got 9\)"),
        ({"stopbits": 3}, r"stopbits: must be one of 1, 1.5, 2 \(got 3\)"),
        ({"encoding": "klingon"}, "unknown encoding"),
        ({"write_timeout_s": 0}, "write_timeout_s"),
    ],
)
def test_bad_serial_settings_are_config_errors(options: dict[str, object], expected: str) -> None:
    with pytest.raises(HardwareConfigError, match=expected):
        LedSign("/dev/ttyUSB0", **options)  # type: ignore[arg-type]


def test_lowercase_parity_is_accepted() -> None:
    assert LedSign("/dev/ttyUSB0", parity="e").settings.parity == "E"


def test_missing_device_warns_once_then_recovers_when_plugged(
    tmp_path: Path, pty: Pty, make_sign: SignFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="counter_panel")
    link = tmp_path / "ttyLED"  # nothing there yet: the adapter is not plugged in
    sign = make_sign(str(link))

    assert [sign.show("A-001"), sign.show("A-002"), sign.show("A-003")] == [False] * 3

    warnings = records(caplog, logging.WARNING, "unavailable")
    assert len(warnings) == 1
    assert str(link) in warnings[0].message
    assert "No such file" in warnings[0].message
    assert not sign.connected

    plug(link, pty)
    assert sign.show("A-004") is True
    assert sign.show("A-005") is True

    assert pty.read(14) == b"A-004\r\nA-005\r\n"
    assert len(records(caplog, logging.WARNING, "unavailable")) == 1
    back = records(caplog, logging.INFO, "is back")
    assert len(back) == 1
    assert str(link) in back[0].message


def test_unplug_and_replug_while_open(
    tmp_path: Path, make_pty: PtyFactory, make_sign: SignFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="counter_panel")
    first, second = make_pty(), make_pty()
    link = tmp_path / "ttyLED"
    plug(link, first)
    sign = make_sign(str(link))
    assert sign.show("A-001") is True
    assert first.read(7) == b"A-001\r\n"

    unplug(link, first)
    assert sign.show("A-002") is False  # the open port fails: it is closed, not kept
    assert not sign.connected
    assert sign.show("A-003") is False  # reopening fails: nothing at the path

    plug(link, second)
    assert sign.show("A-004") is True

    assert second.read(7) == b"A-004\r\n"
    assert len(records(caplog, logging.WARNING, "unavailable")) == 1
    assert len(records(caplog, logging.INFO, "is back")) == 1


def test_a_sign_that_stops_reading_cannot_block_the_panel(
    pty: Pty, make_sign: SignFactory, caplog: pytest.LogCaptureFixture
) -> None:
    # The pty's buffer is a few kilobytes: nobody reads the master, so the write stalls
    # like a sign holding the line.
    sign = make_sign(pty.path, clear_text="8" * 200_000, write_timeout_s=0.2)

    started = time.monotonic()
    assert sign.clear() is False
    elapsed = time.monotonic() - started

    assert elapsed < 1.5
    assert not sign.connected
    [warning] = records(caplog, logging.WARNING, "unavailable")
    assert "Write timeout" in warning.message
