"""The `antrian` command. Errors become one clear line here, at the edge."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import click

from antrian.cli_central import central
from antrian.cli_common import config_option, data_option, office_of, store_of
from antrian.cli_complaints import complaints
from antrian.cli_data import backup_command, export_command, restore_command
from antrian.cli_staff import officer, token
from antrian.cli_survey import survey
from antrian.config import OfficeConfig
from antrian.voice_cli import voice
from common import __version__
from common.errors import CommonError
from common.paths import default_config, default_data_dir
from hub.errors import HubError

if TYPE_CHECKING:
    from protocol.recap import Recap


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="antrian")
def main() -> None:
    """Antrian: queue appliances for Mal Pelayanan Publik and DPMPTSP offices."""


@main.command()
@config_option
@data_option
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")  # noqa: S104
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default: [hub].port, 8470).")
@click.option(
    "--public-port",
    type=click.IntRange(1, 65535),
    help="Port of the citizens' phone pages (default: [public].port, 8471).",
)
@click.option("--no-advertise", is_flag=True, help="Do not announce the hub on mDNS.")
@click.option("--access-log", is_flag=True, help="Log every HTTP request.")
@click.option(
    "--test-clock",
    is_flag=True,
    hidden=True,
    help="Let an admin token move the hub's clock forward (tests and demos only).",
)
@click.option(
    "--late-check-every",
    type=click.FloatRange(0.1, 3600),
    default=60.0,
    hidden=True,
    help="Seconds between the checks for complaints past their due date (tests).",
)
def hub(
    config_path: Path | None,
    data: Path | None,
    host: str,
    port: int | None,
    public_port: int | None,
    no_advertise: bool,
    access_log: bool,
    test_clock: bool,
    late_check_every: float,
) -> None:
    """Run the hub: the store, the queue engine and the LAN API."""
    from hub.server import serve

    path = config_path or default_config()
    office = office_of(path)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        serve(
            office,
            path,
            data or default_data_dir(),
            host,
            port or office.hub.port,
            public_port=public_port,
            advertise=not no_advertise,
            test_clock=test_clock,
            access_log=access_log,
            late_check_s=late_check_every,
        )
    except HubError as exc:
        raise click.ClickException(str(exc)) from None


@main.group()
def config() -> None:
    """Check office config files."""


@config.command("check")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
def config_check(path: Path) -> None:
    """Validate an office config; name the file, key and what is allowed on error."""
    office = office_of(path)
    click.echo(
        f"{path}: OK: {office.office.name}, {len(office.services)} services, "
        f"{len(office.counters)} counters, time zone {office.office.timezone}"
    )


@main.command()
@config_option
@click.option("--hub", "hub_url", help="Hub URL, e.g. http://192.168.1.10:8470 (skips mDNS).")
@click.option("--printer", "printer_url", help="Printer URL; overrides [kiosk].printer.")
@click.option("--windowed", is_flag=True, help="A normal window instead of full screen.")
def kiosk(
    config_path: Path | None, hub_url: str | None, printer_url: str | None, windowed: bool
) -> None:
    """Run the touchscreen kiosk that issues and prints tickets."""
    office, token = _device(config_path)
    from kiosk.main import run

    raise SystemExit(
        run(office, token, hub_url or office.hub.url or None, printer_url, fullscreen=not windowed)
    )


save_dir_option = click.option(
    "--save-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Keep each announcement's WAV here (check a site with no speaker attached).",
)


def _device(config_path: Path | None) -> tuple[OfficeConfig, str]:
    from common.device import device_token

    path = config_path or default_config()
    office = office_of(path)
    try:
        return office, device_token(office, path)
    except CommonError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@config_option
@click.option("--hub", "hub_url", help="Hub URL, e.g. http://192.168.1.10:8470 (skips mDNS).")
@click.option("--windowed", is_flag=True, help="A normal window instead of full screen.")
@click.option("--silent", is_flag=True, help="Do not run the caller on this display.")
@save_dir_option
def display(
    config_path: Path | None,
    hub_url: str | None,
    windowed: bool,
    silent: bool,
    save_dir: Path | None,
) -> None:
    """Run the waiting-room TV display (and the caller, unless --silent)."""
    office, token = _device(config_path)
    from display.main import run_display

    raise SystemExit(
        run_display(
            office, token, hub_url or office.hub.url or None, not windowed, not silent, save_dir
        )  # fmt: skip
    )


@main.command()
@config_option
@click.option("--hub", "hub_url", help="Hub URL, e.g. http://192.168.1.10:8470 (skips mDNS).")
@save_dir_option
def caller(config_path: Path | None, hub_url: str | None, save_dir: Path | None) -> None:
    """Run the caller alone: a chime and the call in Bahasa Indonesia, no window."""
    office, token = _device(config_path)
    from display.main import run_caller

    raise SystemExit(run_caller(office, token, hub_url or office.hub.url or None, save_dir))


@main.command()
@config_option
@click.option("--hub", "hub_url", help="Hub URL, e.g. http://192.168.1.10:8470 (skips mDNS).")
@click.option("--counter", "counter_number", type=click.IntRange(1, 999), default=1,
              show_default=True, help="The counter this PC stands at.")  # fmt: skip
def counter(config_path: Path | None, hub_url: str | None, counter_number: int) -> None:
    """Run the officer's counter panel (officers sign in with NIP and PIN)."""
    office = office_of(config_path or default_config())
    from counter_panel.main import run

    raise SystemExit(run(office, hub_url or office.hub.url or None, counter_number))


@main.command()
@config_option
@click.option("--hub", "hub_url", help="Hub URL, e.g. http://192.168.1.10:8470 (skips mDNS).")
@click.option("--counter", "counter_number", type=click.IntRange(1, 999), required=True,
              help="The counter whose booth this screen stands at.")  # fmt: skip
@click.option("--windowed", is_flag=True, help="A normal window instead of full screen.")
def rater(
    config_path: Path | None, hub_url: str | None, counter_number: int, windowed: bool
) -> None:
    """Run the booth's rating screen: after each service there, four faces to press."""
    office, token = _device(config_path)
    if office.counter(counter_number) is None:
        known = ", ".join(str(c.number) for c in office.counters)
        raise click.ClickException(
            f"counter {counter_number} is not in the config; its counters: {known}"
        )
    from rater.main import run

    raise SystemExit(
        run(office, token, hub_url or office.hub.url or None, counter_number, not windowed)
    )


@main.command()
@click.option("--date", "date_text", help="A business day, YYYY-MM-DD (default: today).")
@click.option("--month", "month_text", help="A whole month, YYYY-MM.")
@click.option(
    "--format", "output", type=click.Choice(["text", "csv", "json", "pdf"]), default="text",
    show_default=True,
)  # fmt: skip
@click.option("--output", "output_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file (required for pdf).")  # fmt: skip
@click.option("--print", "to_printer", is_flag=True, help="Also print it on [fo].printer.")
@config_option
@data_option
def recap(
    date_text: str | None,
    month_text: str | None,
    output: str,
    output_path: Path | None,
    to_printer: bool,
    config_path: Path | None,
    data: Path | None,
) -> None:
    """The recap of a day (or month) from the service-time log: per service, counter,
    officer; waits, service times, compensation cases, incidents."""
    import datetime as dt
    import json

    from hub import periods, recap_cache, survey_report
    from reports.recap_formats import as_csv, as_text

    office = office_of(config_path or default_config())
    today = dt.datetime.now(office.office.tz).date()
    try:
        if month_text:
            period = periods.month(month_text)
        else:
            period = periods.day(date_text or today.isoformat())
    except HubError as exc:
        raise click.ClickException(str(exc)) from None
    with store_of(data) as store:
        result = recap_cache.recap(store, office, period, today)
        result = survey_report.with_survey(store, period, result)
    if to_printer:
        _print_recap(result, office)
    if output == "pdf":
        from fo.pdf import render_recap_pdf

        if output_path is None:
            raise click.ClickException("--format pdf needs --output FILE.pdf")
        render_recap_pdf(result, output_path)
        click.echo(f"wrote {output_path}")
        return
    if output == "json":
        rendered = json.dumps(result.model_dump(), ensure_ascii=False, indent=2) + "\n"
    else:
        rendered = as_csv(result) if output == "csv" else as_text(result)
    if output_path is not None:
        output_path.write_text(rendered, encoding="utf-8")
        click.echo(f"wrote {output_path}")
    else:
        click.echo(rendered, nl=False)


def _print_recap(result: Recap, office: OfficeConfig) -> None:
    from fo.thermal import render_recap
    from printer import PrinterError, open_printer, paper_profile

    profile = paper_profile(office.fo.paper)
    try:
        connection = open_printer(office.fo.printer, profile)
        try:
            connection.send(render_recap(result, profile), label="rekap")
        finally:
            connection.close()
    except PrinterError as exc:
        raise click.ClickException(f"the recap was not printed: {exc}") from None
    click.echo(f"printed on {office.fo.printer}", err=True)


@main.command("fo")
@config_option
@click.option("--hub", "hub_url", help="Hub URL, e.g. http://192.168.1.10:8470 (skips mDNS).")
def frontoffice_of(config_path: Path | None, hub_url: str | None) -> None:
    """Run the FO desk: the day's recap in one press (print, PDF, CSV) and the
    compensation ledger."""
    office, token = _device(config_path)
    from fo.main import run

    raise SystemExit(run(office, token, hub_url or office.hub.url or None))


@main.command()
@config_option
@click.option("--hub", "hub_url", help="Hub URL (default: [hub].url, or mDNS).")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed, the same day.")
@click.option("--speed", type=float, default=600, show_default=True,
              help="Simulated seconds per real second; 0 runs as fast as possible.")  # fmt: skip
@click.option("--hours", type=click.IntRange(1, 8), default=8, show_default=True)
@click.option("--printer", "printer_url", help="Print each ticket here, as the kiosk would.")
def simulate(
    config_path: Path | None,
    hub_url: str | None,
    seed: int,
    speed: float,
    hours: int,
    printer_url: str | None,
) -> None:
    """Play a realistic office day against a hub started with --test-clock (admin token
    in $ANTRIAN_TOKEN): arrivals with a morning peak, SOP service times, compensation."""
    from antrian.simulate import SimulationError
    from antrian.simulate import simulate as play
    from hub_client import HubClient, HubClientError, HubRefused, resolve_hub_url

    office, token = _device(config_path)
    try:
        with HubClient(resolve_hub_url(hub_url or office.hub.url or None), token) as client:
            play(client, office, seed, speed, hours, click.echo, printer_url)
    except HubRefused as exc:
        raise click.ClickException(f"simulasi berhenti: {exc.message or exc}") from None
    except (HubClientError, SimulationError) as exc:
        raise click.ClickException(f"simulasi berhenti: {exc}") from None


for command in (token, officer, backup_command, restore_command, export_command, voice,
                complaints, survey, central):  # fmt: skip
    main.add_command(command)
