"""`antrian survey report`: the satisfaction survey's report (SKM/IKM, Permenpan RB
14/2017) of a period or a semester, read from the hub's store (issue #15)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click

from antrian.cli_common import config_option, data_option, office_of, store_of
from common.paths import default_config

SEMESTER = re.compile(r"^(\d{4})-([12])$")


def semester_days(text: str) -> tuple[dt.date, dt.date]:
    """'2026-1' -> 1 January..30 June 2026; '2026-2' -> 1 July..31 December."""
    match = SEMESTER.match(text)
    if match is None:
        raise click.BadParameter("use YYYY-1 (January-June) or YYYY-2 (July-December)")
    year = int(match[1])
    if match[2] == "1":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 7, 1), dt.date(year, 12, 31)


def _day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a date YYYY-MM-DD", param_hint=option) from None


@click.group()
def survey() -> None:
    """The satisfaction survey (SKM/IKM)."""


@survey.command("report")
@click.option("--from", "from_text", help="First office day, YYYY-MM-DD.")
@click.option("--to", "to_text", help="Last office day, YYYY-MM-DD.")
@click.option("--semester", help="A half year instead: YYYY-1 or YYYY-2.")
@click.option("--service", help="Only this service's answers (its code).")
@click.option(
    "--format", "output", type=click.Choice(["text", "csv", "json", "pdf"]), default="text",
    show_default=True,
)  # fmt: skip
@click.option("--output", "output_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of the screen (required for pdf).")  # fmt: skip
@config_option
@data_option
def report(
    from_text: str | None,
    to_text: str | None,
    semester: str | None,
    service: str | None,
    output: str,
    output_path: Path | None,
    config_path: Path | None,
    data: Path | None,
) -> None:
    """The IKM by the rule over the answers received in a period: per unsur, service,
    counter, officer, month and day; the respondents' profile; their suggestions."""
    from hub import survey_report
    from reports.survey_formats import as_csv, as_text

    if semester and (from_text or to_text):
        raise click.UsageError("give either --semester or --from/--to, not both")
    if semester:
        first, last = semester_days(semester)
    else:
        start, end = _day(from_text, "--from"), _day(to_text, "--to")
        if start is None or end is None:
            raise click.UsageError("give --from and --to (YYYY-MM-DD), or --semester YYYY-1|2")
        if end < start:
            raise click.UsageError("--to is before --from")
        first, last = start, end
    office = office_of(config_path or default_config())
    if service is not None and office.service(service) is None:
        allowed = ", ".join(s.code for s in office.services)
        raise click.UsageError(f"unknown service {service!r}; allowed: {allowed}")
    if output == "pdf" and output_path is None:
        raise click.UsageError("--format pdf needs --output FILE.pdf")
    with store_of(data) as store:
        result = survey_report.build(store, office, first, last, service)
    if output == "pdf":
        from fo.survey_pdf import render_survey_pdf

        assert output_path is not None  # noqa: S101 - checked above
        render_survey_pdf(result, office.office.name, output_path)
        click.echo(f"wrote {output_path}")
        return
    if output == "json":
        body = result.model_dump(mode="json", by_alias=True)
        rendered = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    elif output == "csv":
        rendered = as_csv(result)
    else:
        rendered = as_text(result, office.office.name)
    if output_path is None:
        click.echo(rendered, nl=False)
        return
    output_path.write_text(rendered, encoding="utf-8")
    click.echo(f"wrote {output_path}")
