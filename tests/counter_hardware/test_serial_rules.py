"""One set of serial rules: what the office config takes for a counter's LED sign and
keypad is exactly what the panel's hardware opens with, and the other way round."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from common.config import parse_config
from common.errors import ConfigError
from common.office import SECTIONS, Office
from common.paths import CONFIG_DIR
from common.serial import SerialSettings
from counter_panel.hardware import HardwareConfigError, Keypad, LedSign
from counter_panel.main import _keypad, _led_sign
from tests.counter_hardware.conftest import Pty, wait_until

DEFAULT = tomllib.loads((CONFIG_DIR / "office.toml").read_text(encoding="utf-8"))


def office_with_serial(**serial: Any) -> Office:
    """The default office with an LED sign and a keypad on its first counter."""
    counters = [dict(counter) for counter in DEFAULT["counters"]]
    device = serial.pop("device", "/dev/ttyUSB0")
    counters[0]["led_sign"] = {"device": device, **serial}
    counters[0]["keypad"] = {"device": device, **serial}
    return parse_config({**DEFAULT, "counters": counters}, Office, "office.toml", SECTIONS)


def config_takes(serial: dict[str, Any]) -> bool:
    try:
        office_with_serial(**serial)
    except ConfigError:
        return False
    return True


def hardware_takes(serial: dict[str, Any]) -> bool:
    device = serial.pop("device", "/dev/ttyUSB0")
    try:
        LedSign(device, **serial).close()
        Keypad(device, {"1": "call_next"}, print, **serial)
    except HardwareConfigError:
        return False
    return True


# Each of these was taken by one side and refused by the other before the two shared
# their rules (the config wanted baud >= 300 and upper-case parity and took any stop
# bits from 1 to 2; the port took any positive baud, lower case, and only 1, 1.5, 2).
@pytest.mark.parametrize(
    "serial",
    [
        {"baud": 110},
        {"baud": 300},
        {"baud": 921600},
        {"baud": 1_000_000},
        {"baud": True},
        {"parity": "e"},
        {"parity": "X"},
        {"bytesize": 4},
        {"bytesize": 5},
        {"stopbits": 1.5},
        {"stopbits": 1.7},
        {"stopbits": 3},
        {"device": "  "},
    ],
    ids=repr,
)
def test_the_config_and_the_port_take_the_same_serial_settings(serial: dict[str, Any]) -> None:
    assert config_takes(dict(serial)) == hardware_takes(dict(serial))


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        ({"baud": 110}, "counters[0].led_sign.baud: must be a baud rate from 300 to 921600"),
        ({"stopbits": 1.7}, "counters[0].led_sign.stopbits: must be one of 1, 1.5, 2"),
        ({"parity": "X"}, "counters[0].keypad.parity: must be one of N, E, O, M, S"),
    ],
)
def test_a_wrong_serial_setting_in_the_config_names_file_key_and_allowed(
    serial: dict[str, Any], expected: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        office_with_serial(**serial)
    assert f"office.toml: {expected}" in str(refused.value)


def test_lower_case_parity_in_the_config_reaches_the_port_upper_case() -> None:
    counter = office_with_serial(parity="e").counters[0]
    assert counter.led_sign is not None
    assert counter.keypad is not None
    assert (counter.led_sign.parity, counter.keypad.parity) == ("E", "E")


def test_the_configured_sign_writes_on_a_real_port(pty: Pty) -> None:
    counter = office_with_serial(device=pty.path, baud=19200, parity="e", stopbits=1.5)
    config = counter.counters[0].led_sign
    assert config is not None
    sign = _led_sign(config)
    try:
        # The very settings the config read, by the one model.
        assert sign.settings == SerialSettings(
            **{name: getattr(config, name) for name in SerialSettings.model_fields}
        )
        assert sign.show("A-012") is True
        assert pty.read(7) == b"A-012\r\n"
    finally:
        sign.close()


def test_the_configured_keypad_reads_from_a_real_port(pty: Pty) -> None:
    office = office_with_serial(device=pty.path, baud=19200, bytesize=7)
    config = office.counters[0].keypad
    assert config is not None
    pressed: list[str] = []
    keypad = _keypad(config, pressed.append)
    keypad.start()
    try:
        assert (keypad.settings.baud, keypad.settings.bytesize) == (19200, 7)
        # pyserial discards input on open: press the key only once the port is open.
        assert wait_until(lambda: keypad.connected)
        pty.write(b"1")
        assert wait_until(lambda: pressed == ["call_next"])
    finally:
        keypad.stop()
