"""`[complaints]` of the office config: defaults, the stages list, wrong keys named."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.errors import ConfigError
from common.paths import CONFIG_DIR
from hub.config_file import load_office

DEFAULT = (CONFIG_DIR / "office.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "office.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_config_sets_seven_working_days_and_three_stages() -> None:
    office = load_office(CONFIG_DIR / "office.toml")
    assert office.complaints.answer_working_days == 7
    assert [stage.code for stage in office.complaints.stages] == ["tim", "kabid", "kepala"]
    assert office.complaints.stage("kabid") is not None
    assert office.complaints.stage("bupati") is None


def test_without_the_section_the_defaults_hold(tmp_path: Path) -> None:
    start = DEFAULT.index("[complaints]")
    end = DEFAULT.index("[priority]")
    office = load_office(write(tmp_path, DEFAULT[:start] + DEFAULT[end:]))
    assert office.complaints.answer_working_days == 7
    assert len(office.complaints.stages) == 3


def test_a_wrong_key_of_a_stage_is_named_with_the_allowed_keys(tmp_path: Path) -> None:
    path = write(tmp_path, DEFAULT.replace("working_days = 5 }", "days = 5 }"))
    with pytest.raises(ConfigError) as refused:
        load_office(path)
    message = str(refused.value)
    expected = f"{path}: complaints.stages[0].days: unknown key; allowed here: "
    assert expected + "code, name, working_days" in message


def test_a_stage_code_used_twice_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, DEFAULT.replace('code = "kabid"', 'code = "tim"'))
    with pytest.raises(ConfigError) as refused:
        load_office(path)
    assert "'tim' is used twice" in str(refused.value)


def test_zero_working_days_to_answer_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, DEFAULT.replace("answer_working_days = 7", "answer_working_days = 0"))
    with pytest.raises(ConfigError) as refused:
        load_office(path)
    assert "complaints.answer_working_days" in str(refused.value)
