"""A printer that prints to a folder: the raw bytes and a PNG of them, for sites with no
printer attached yet and for checking a layout by eye."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from printer.connections.base import UrlOptions, config_error
from printer.errors import PrinterOffline
from printer.models import PAPER_80MM, PaperProfile
from printer.preview import save_preview
from printer.status import PaperStatus

OPTIONS: tuple[str, ...] = ()
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_-]+")


class PreviewPrinter:
    """Each job becomes ticket-<label>-<time>.bin and .png side by side in the folder."""

    def __init__(self, url: str, folder: Path, *, paper: PaperProfile = PAPER_80MM) -> None:
        self._url = url
        self.folder = folder
        self.paper = paper
        self._closed = False
        self.last_job: Path | None = None

    @classmethod
    def from_url(
        cls, url: str, netloc: str, path: str, query: str, paper: PaperProfile
    ) -> PreviewPrinter:
        if netloc not in ("", "localhost"):
            raise config_error(url, "a preview URL needs three slashes: preview:///dir")
        if not path:
            raise config_error(url, "the preview folder is missing")
        UrlOptions(url, query, OPTIONS)
        return cls(url, Path(path), paper=paper)

    @property
    def url(self) -> str:
        return self._url

    def send(self, data: bytes, *, label: str | None = None) -> None:
        """Write the job as <stem>.bin and <stem>.png; last_job holds the .bin path."""
        if self._closed:
            raise PrinterOffline(f"printer {self._url}: connection was closed")
        stem = self._free_stem(label)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            binary = self.folder / f"{stem}.bin"
            binary.write_bytes(data)
            save_preview(data, self.paper.dots, self.folder / f"{stem}.png")
        except OSError as error:
            raise PrinterOffline(f"printer {self._url}: cannot write preview: {error}") from error
        self.last_job = binary

    def paper_status(self) -> PaperStatus:
        return PaperStatus.OK  # a folder never runs out of paper

    def close(self) -> None:
        self._closed = True

    def _free_stem(self, label: str | None) -> str:
        name = _UNSAFE_IN_NAME.sub("_", label).strip("_") if label else ""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        stem = f"ticket-{name}-{stamp}" if name else f"ticket-{stamp}"
        candidate, counter = stem, 1
        while (self.folder / f"{candidate}.bin").exists():
            counter += 1
            candidate = f"{stem}-{counter}"
        return candidate
