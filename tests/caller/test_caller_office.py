"""The caller as the office config builds it: wording, voice variant, chimes, voice pack."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from common.config import parse_config
from common.errors import ConfigError
from common.office import SECTIONS
from common.paths import CONFIG_DIR
from display.settings import CallerOffice
from display.speaking import caller_config, phrasebook, synthesizer
from voice import DEFAULT_CHIME, DEFAULT_SHORT_CHIME, EspeakSynthesizer
from voice.segments import SegmentSynthesizer

DEMO = CONFIG_DIR / "demo.toml"


def office_with(**caller: Any) -> CallerOffice:
    raw = tomllib.loads(DEMO.read_text(encoding="utf-8"))
    raw["caller"] = {**raw["caller"], **caller}
    return parse_config(raw, CallerOffice, source=str(DEMO), others=SECTIONS)


@pytest.mark.parametrize("path", [CONFIG_DIR / "demo.toml", CONFIG_DIR / "office.toml"])
def test_the_shipped_configs_say_antrean(path: Path) -> None:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    office = parse_config(raw, CallerOffice, source=str(path), others=SECTIONS)
    book = phrasebook(office)
    assert book.call("A-012", 3) == "Nomor antrean A dua belas, silakan menuju loket tiga"
    assert book.call("A-012", 3, backlog=True) == "A dua belas ke loket tiga"


def test_a_female_variant_from_the_config(tmp_path: Path) -> None:
    office = office_with(variant="f3", voice_dir=str(tmp_path / "no-recordings"))
    voice = synthesizer(office)
    try:
        assert isinstance(voice, EspeakSynthesizer)
        assert voice.voice == "poz/id+f3"
    finally:
        voice.close()


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"variant": "f9"}, "caller.variant: must be empty (the voice's own, male) or one of "
                            "f1, f2, f3, f4, f5, m1"),
        ({"variant": "female"}, "caller.variant: must be empty"),
        ({"voice": "id+f9"}, "caller.voice: the variant after '+' must be one of f1, f2, f3"),
    ],
)  # fmt: skip
def test_a_wrong_variant_names_the_file_the_key_and_the_choices(
    setting: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        office_with(**setting)
    text = str(raised.value)
    assert text.startswith(f"{DEMO}: ")
    assert message in text
    assert f"(got {next(iter(setting.values()))!r})" in text


def test_voice_with_a_variant_is_accepted() -> None:
    assert office_with(voice="id+f3").caller.voice == "id+f3"


def test_chimes_follow_the_chime_setting(tmp_path: Path) -> None:
    default = caller_config(office_with())
    assert (default.chime, default.short_chime) == (DEFAULT_CHIME, DEFAULT_SHORT_CHIME)
    custom = caller_config(office_with(chime=str(tmp_path / "bell.wav")))
    assert (custom.chime, custom.short_chime) == (tmp_path / "bell.wav", None)  # cut from it
    silent = caller_config(office_with(chime="none"))
    assert (silent.chime, silent.short_chime) == (None, None)


def test_the_backlog_phrase_can_be_the_full_call() -> None:
    book = phrasebook(office_with(backlog_template=""))
    assert book.call("A-012", 3, backlog=True) == book.call("A-012", 3)


def test_the_configured_voice_folder_is_used(tmp_path: Path, write_tone: Any) -> None:
    folder = tmp_path / "suara"
    folder.mkdir()
    write_tone(folder / "satu.wav", 0.2)
    voice = synthesizer(office_with(voice_dir=str(folder)))
    try:
        assert isinstance(voice, SegmentSynthesizer)
        assert voice.voice_dir == folder
        assert voice.words == frozenset({"satu"})
    finally:
        voice.close()
        assert isinstance(voice.fallback, EspeakSynthesizer)
        voice.fallback.close()


def test_the_backlog_voice_is_the_same_voice_brisker(tmp_path: Path) -> None:
    office = office_with(variant="f3", rate=150, backlog_rate=200,
                         voice_dir=str(tmp_path / "no-recordings"))  # fmt: skip
    voice = synthesizer(office, backlog=True)
    try:
        assert isinstance(voice, EspeakSynthesizer)
        assert (voice.voice, voice.rate) == ("poz/id+f3", 200)
    finally:
        voice.close()


def test_the_backlog_voice_says_recorded_words_too(tmp_path: Path, write_tone: Any) -> None:
    folder = tmp_path / "suara"
    folder.mkdir()
    write_tone(folder / "satu.wav", 0.2)
    voice = synthesizer(office_with(voice_dir=str(folder), backlog_rate=210), backlog=True)
    try:
        assert isinstance(voice, SegmentSynthesizer)
        assert voice.words == frozenset({"satu"})
    finally:
        voice.close()
        assert isinstance(voice.fallback, EspeakSynthesizer)
        assert voice.fallback.rate == 210  # what espeak-ng fills in is brisker too
        voice.fallback.close()


def test_a_backlog_rate_slower_than_the_rate_names_both() -> None:
    assert office_with().caller.backlog_rate == 200
    with pytest.raises(ConfigError) as raised:
        office_with(rate=220)  # and the demo's backlog_rate = 200
    text = str(raised.value)
    assert text.startswith(f"{DEMO}: ")
    assert "backlog_rate (200) is slower than rate (220)" in text
    assert "set backlog_rate to 220 or more" in text
    with pytest.raises(ConfigError, match="backlog_rate"):
        office_with(backlog_rate=500)
