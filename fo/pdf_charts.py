"""The recap's chart page: arrivals and waiting by hour, and compensation by kind."""

from __future__ import annotations

import textwrap

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from protocol.recap import HourRow, KindCount, Recap
from reports.pdf_layout import INK, MARGIN, MUTED, PAGE_HEIGHT, PAGE_WIDTH, RULE, WARN

BAR, LINE = "#3c6e9f", "#c8751e"
GIVEN, OWED, WAIVED = "#4e8f5a", "#c23b22", "#9aa0a6"
NO_DATA = "Belum ada data"
# Axes boxes as (left, bottom, width, height) in inches; the rest is titles and labels.
ARRIVALS_BOX = (1.25, 7.55, 6.3, 2.55)
WAIT_BOX = (1.25, 4.15, 6.3, 2.3)
COMPENSATION_BOX = (3.25, 1.2, 4.3, 1.9)


def draw_charts(page: Figure, recap: Recap) -> None:
    """The three charts, below a heading in the page's first 1.2 inches."""
    hours = _full_day(recap.hours)
    arrivals = _axes(page, ARRIVALS_BOX, "Kedatangan pemohon per jam")
    wait = _axes(page, WAIT_BOX, "Rata-rata waktu tunggu per jam")
    compensation = _axes(page, COMPENSATION_BOX, "Kompensasi menurut jenis")
    _arrivals(arrivals, hours)
    _wait(wait, hours, recap.threshold_minutes)
    _compensation(compensation, recap.compensation.by_kind)


def _axes(page: Figure, box: tuple[float, float, float, float], title: str) -> Axes:
    left, bottom, width, height = box
    axes = page.add_axes(
        (left / PAGE_WIDTH, bottom / PAGE_HEIGHT, width / PAGE_WIDTH, height / PAGE_HEIGHT)
    )
    # Titles start at the page margin, not at each axes' edge, so the three line up.
    page.text(
        MARGIN / PAGE_WIDTH,
        (bottom + height + 0.28) / PAGE_HEIGHT,
        title,
        fontsize=11,
        fontweight="bold",
        color=INK,
    )
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(RULE)
    axes.tick_params(colors=MUTED, labelcolor=INK, labelsize=8.5)
    return axes


def _full_day(hours: list[HourRow]) -> list[HourRow]:
    """Every hour from the first to the last with arrivals, gaps filled with none."""
    by_hour = {row.hour: row for row in hours}
    if not by_hour:
        return []
    return [
        by_hour.get(hour, HourRow(hour=hour, arrivals=0, avg_wait_s=None))
        for hour in range(min(by_hour), max(by_hour) + 1)
    ]


def _hour_axis(axes: Axes, hours: list[HourRow]) -> None:
    axes.set_xticks([row.hour for row in hours])
    axes.set_xticklabels([f"{row.hour:02d}.00" for row in hours])
    axes.set_xlabel("Jam", fontsize=9.5, color=INK)
    axes.set_xlim(hours[0].hour - 0.6, hours[-1].hour + 0.6)


def _no_data(axes: Axes) -> None:
    axes.text(
        0.5,
        0.5,
        NO_DATA,
        transform=axes.transAxes,
        ha="center",
        va="center",
        fontsize=10,
        color=MUTED,
    )
    axes.set_xticks([])
    axes.set_yticks([])


def _arrivals(axes: Axes, hours: list[HourRow]) -> None:
    axes.set_ylabel("Jumlah pemohon", fontsize=9.5, color=INK)
    if not any(row.arrivals for row in hours):
        _no_data(axes)
        return
    bars = axes.bar([row.hour for row in hours], [row.arrivals for row in hours], width=0.7,
                    color=BAR)  # fmt: skip
    axes.bar_label(bars, fontsize=8, color=INK, padding=2)
    axes.set_ylim(0, max(row.arrivals for row in hours) * 1.15)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    axes.grid(axis="y", color=RULE, linewidth=0.5, alpha=0.6)
    axes.set_axisbelow(True)
    _hour_axis(axes, hours)


def _wait(axes: Axes, hours: list[HourRow], threshold_minutes: int) -> None:
    axes.set_ylabel("Rata-rata tunggu (menit)", fontsize=9.5, color=INK)
    x = [row.hour for row in hours if row.avg_wait_s is not None]
    y = [row.avg_wait_s / 60 for row in hours if row.avg_wait_s is not None]
    if not x:
        _no_data(axes)
        return
    axes.plot(x, y, color=LINE, linewidth=2, marker="o", markersize=4.5, label="Rata-rata tunggu")
    for hour, value in zip(x, y, strict=True):
        axes.annotate(
            f"{value:.0f}",
            (hour, value),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=8,
            color=INK,
        )
    axes.axhline(
        threshold_minutes,
        color=WARN,
        linestyle="--",
        linewidth=1.2,
        label=f"Batas kompensasi ({threshold_minutes} menit)",
    )
    axes.set_ylim(0, max([*y, threshold_minutes]) * 1.2)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    _legend_above(axes, ncol=2)
    axes.grid(axis="y", color=RULE, linewidth=0.5, alpha=0.6)
    axes.set_axisbelow(True)
    _hour_axis(axes, hours)


def _compensation(axes: Axes, by_kind: dict[str, KindCount]) -> None:
    axes.set_xlabel("Jumlah kasus", fontsize=9.5, color=INK)
    kinds = list(by_kind.values())
    if not any(k.given or k.owed or k.waived for k in kinds):
        _no_data(axes)
        return
    # Top to bottom in the decree's order: barh draws the first row at the bottom.
    kinds.reverse()
    rows = range(len(kinds))
    left = [0] * len(kinds)
    for key, label, color in (
        ("given", "Diberikan", GIVEN),
        ("owed", "Belum diberikan", OWED),
        ("waived", "Dibatalkan", WAIVED),
    ):
        values = [getattr(k, key) for k in kinds]
        axes.barh(rows, values, left=left, color=color, label=label, height=0.6)
        left = [a + b for a, b in zip(left, values, strict=True)]
    for row, total in zip(rows, left, strict=True):
        axes.text(total, row, f" {total}", va="center", fontsize=8.5, color=INK)
    axes.set_yticks(list(rows))
    axes.set_yticklabels([textwrap.fill(k.title, 34) for k in kinds], fontsize=8)
    axes.set_xlim(0, max(left) * 1.12 + 1)
    _legend_above(axes, ncol=3)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    axes.grid(axis="x", color=RULE, linewidth=0.5, alpha=0.6)
    axes.set_axisbelow(True)


def _legend_above(axes: Axes, ncol: int) -> None:
    """The legend right-aligned above the plot, beside the title, where it hides no data."""
    axes.legend(
        loc="lower right",
        bbox_to_anchor=(1.0, 1.01),
        ncol=ncol,
        fontsize=8.5,
        frameon=False,
        borderaxespad=0,
    )
