"""`antrian voice check DIR`: which recordings a folder lacks for the office's calls."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from antrian.cli import main
from antrian.config import load_office_config
from common.paths import CONFIG_DIR
from display.speaking import phrasebook
from voice.audio import read_wav, silence, write_wav
from voice.segments import SegmentSynthesizer

DEMO = CONFIG_DIR / "demo.toml"
ROOT = Path(__file__).resolve().parents[2]
# Everything the demo office's caller can say: 7 services (A-G), 9 counters, up to 999.
DEMO_WORDS = [
    "nomor", "antrean", "silakan", "menuju", "ke", "loket", "panggilan", "ulang",
    "a", "be", "ce", "de", "e", "ef", "ge",
    "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus",
]  # fmt: skip


def record(folder: Path, words: list[str], write_tone: Any) -> Path:
    folder.mkdir(exist_ok=True)
    for index, word in enumerate(words):
        write_tone(folder / f"{word}.wav", 0.3, frequency=200 + 10 * index)
    return folder


def check(folder: Path) -> Any:
    return CliRunner().invoke(main, ["voice", "check", str(folder), "--config", str(DEMO)])


def test_a_folder_missing_some_words_names_them_and_fails(tmp_path: Path, write_tone: Any) -> None:
    lacking = ["antrean", "ke", "ge", "sebelas"]
    folder = record(tmp_path / "suara", [w for w in DEMO_WORDS if w not in lacking], write_tone)
    (folder / "loket.wav").write_bytes(b"not a wav")  # a broken copy from a phone
    (folder / "tiga.wav").write_bytes(b"")  # a recording that was never saved
    result = check(folder)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{folder}: 30 words needed for 7 services, 9 counters, numbers up to 999"
    assert [line for line in lines if line.startswith("missing")] == [
        "missing: antrean.wav", "missing: ge.wav", "missing: ke.wav", "missing: sebelas.wav",
    ]  # fmt: skip
    unusable = [line for line in lines if line.startswith("unusable")]
    assert [line.split(":")[1].strip() for line in unusable] == ["loket.wav", "tiga.wav"]
    assert "Error: 4 recording(s) missing, 2 unusable" in result.output


def test_a_silent_recording_is_unusable(tmp_path: Path, write_tone: Any) -> None:
    folder = record(tmp_path / "suara", DEMO_WORDS, write_tone)
    write_wav(folder / "nomor.wav", silence(0.5))  # the microphone was muted
    result = check(folder)
    assert result.exit_code == 1
    assert "unusable: nomor.wav: silent" in result.output


def test_a_complete_folder_passes_and_really_covers_every_call(
    tmp_path: Path, write_tone: Any
) -> None:
    folder = record(tmp_path / "suara", DEMO_WORDS, write_tone)
    result = check(folder)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "OK: all 30 recordings present"
    # What the check passed, the caller can say with no espeak-ng fallback at all.
    office = load_office_config(DEMO)
    book = phrasebook(office)
    voice = SegmentSynthesizer(folder, None, work_dir=tmp_path / "out")
    try:
        prefixes = [service.prefix for service in office.services]
        counters = [counter.number for counter in office.counters]
        for prefix, counter, number in itertools.product(prefixes, counters, (1, 11, 99, 999)):
            ticket = f"{prefix}-{number:03d}"
            for text in (book.call(ticket, counter), book.recall(ticket, counter, backlog=True)):
                assert voice.missing(text) == [], text
        assert read_wav(voice.synthesize(book.call("G-999", 9))).duration_s > 3.0
    finally:
        voice.close()


def test_a_missing_folder_lacks_everything(tmp_path: Path) -> None:
    result = check(tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "Error: 30 recording(s) missing, 0 unusable" in result.output


@pytest.mark.parametrize("args", [["voice", "--help"], ["voice", "check", "--help"]])
def test_voice_help(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert "Usage: " in result.output


def test_the_command_line_loads_no_caller_until_asked() -> None:
    # The hub PC has no num2words nor Qt (the apps' extra): `antrian hub` must not need
    # them. The apps' config sections are read (pydantic only), nothing else of them.
    code = (
        "import sys, antrian.cli; "
        "settings = {'display', 'display.settings', 'kiosk', 'kiosk.settings', "
        "'counter_panel', 'counter_panel.settings', 'fo', 'fo.settings'}; "
        "bad = sorted(m for m in sys.modules if m not in settings and m.split('.')[0] in "
        "{'num2words', 'voice', 'PySide6', 'display', 'kiosk', 'counter_panel', 'fo'}); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
