"""`antrian complaints`: the complaint desk's monthly recap for the head of office,
read from the hub's store (issue #14)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from antrian.cli_common import config_option, data_option, office_of, store_of
from common.paths import default_config
from hub.errors import HubError


@click.group()
def complaints() -> None:
    """The complaint desk (pengaduan)."""


@complaints.command("recap")
@click.option("--month", "month_text", required=True, help="The month received, YYYY-MM.")
@click.option(
    "--format", "output", type=click.Choice(["text", "csv", "json", "pdf"]), default="text",
    show_default=True,
)  # fmt: skip
@click.option("--output", "output_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of the screen (required for pdf).")  # fmt: skip
@config_option
@data_option
def recap(
    month_text: str,
    output: str,
    output_path: Path | None,
    config_path: Path | None,
    data: Path | None,
) -> None:
    """The complaints received in a month: answered, on time, overdue, by channel and
    service, the citizens' statements, working days to answer."""
    from hub import complaint_recap, periods
    from reports.complaint_formats import as_csv, as_text

    office = office_of(config_path or default_config())
    try:
        month = periods.month(month_text)
    except HubError as exc:
        raise click.ClickException(str(exc)) from None
    today = dt.datetime.now(office.office.tz).date()
    with store_of(data) as store:
        result = complaint_recap.monthly(store, office, month, today)
    if output == "pdf":
        if output_path is None:
            raise click.ClickException("--format pdf needs --output FILE.pdf")
        from reports.complaint_pdf import render_complaint_recap_pdf

        names = {service.code: service.name for service in office.services}
        render_complaint_recap_pdf(result, office.office.name, output_path, names)
        click.echo(f"wrote {output_path}")
        return
    if output == "json":
        rendered = json.dumps(result.model_dump(), ensure_ascii=False, indent=2) + "\n"
    elif output == "csv":
        rendered = as_csv(result)
    else:
        rendered = as_text(result, office.office.name)
    if output_path is None:
        click.echo(rendered, nl=False)
        return
    output_path.write_text(rendered, encoding="utf-8")
    click.echo(f"wrote {output_path}")


@complaints.command("duty")
@click.option("--nip", required=True, help="The officer's NIP.")
@click.option(
    "--stage", "stage_code", default="",
    help="A stage of [complaints].stages (e.g. kabid): the officer acts on the complaints "
    "at that stage. Left out: the complaint desk itself.",
)  # fmt: skip
@click.option("--off", is_flag=True, help="Take the complaint duty away.")
@config_option
@data_option
def duty(nip: str, stage_code: str, off: bool, config_path: Path | None, data: Path | None) -> None:
    """Give an officer the complaint duty, at the desk or at one stage: signed in at the
    desk's pages (or a counter), they take that duty's steps. FO and admin tokens act
    for the whole office."""
    from hub.complaint_service import set_complaint_duty

    stages = office_of(config_path or default_config()).complaints.stages
    names = {stage.code: stage.name for stage in stages}
    if stage_code and stage_code not in names:
        allowed = ", ".join(names) or "(none configured)"
        raise click.ClickException(f"no stage '{stage_code}' in [complaints].stages; "
                                   f"allowed: {allowed}")  # fmt: skip
    with store_of(data) as store:
        set_complaint_duty(store, nip, not off, stage_code or None)
    if off:
        click.echo(f"officer {nip}: complaint duty off")
    else:
        where = f"stage {stage_code} ({names[stage_code]})" if stage_code else "the desk"
        click.echo(f"officer {nip}: complaint duty on, at {where}")
