"""`antrian voice check DIR`: does a folder of recorded words cover the office's calls?

Nothing of the caller is imported until the command runs: the hub PC has no num2words
(the apps' extra), and every `antrian` command loads this module.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from antrian.cli_common import office_of

if TYPE_CHECKING:
    from display.settings import CallerOffice


@click.group()
def voice() -> None:
    """Recorded voice packs for the caller."""


@voice.command("check")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Office config (TOML). Default: $ANTRIAN_CONFIG or config/office.toml.",
)
def voice_check(folder: Path | None, config_path: Path | None) -> None:
    """List the recordings FOLDER lacks for the office's services and counters.

    FOLDER defaults to [caller] voice_dir (sounds/voice). Exits 1 if any is missing or
    unusable: then every call needing it is spoken by espeak-ng instead.
    """
    from display.speaking import phrasebook, voice_dir
    from voice.voicepack import check_voice_pack, needed_words

    office = office_of(config_path)
    folder = folder or voice_dir(office)
    highest = _highest_number(office)
    needed = needed_words(
        phrasebook(office),
        [service.prefix for service in office.services],
        [counter.number for counter in office.counters],
        highest,
    )
    check = check_voice_pack(folder, needed)
    click.echo(
        f"{folder}: {len(needed)} words needed for {len(office.services)} services, "
        f"{len(office.counters)} counters, numbers up to {highest}"
    )
    for word in check.missing:
        click.echo(f"missing: {word}.wav")
    for name, why in check.unusable:
        click.echo(f"unusable: {name}: {why}")
    if not check.complete:
        raise click.ClickException(
            f"{len(check.missing)} recording(s) missing, {len(check.unusable)} unusable"
        )
    click.echo(f"OK: all {len(needed)} recordings present")


def _highest_number(office: CallerOffice) -> int:
    """A daily quota caps the numbers; one service without a quota means up to 999."""
    from voice.voicepack import HIGHEST_NUMBER

    quotas = [service.quota for service in office.services]
    return max(quotas) if all(quotas) else max(HIGHEST_NUMBER, *quotas)
