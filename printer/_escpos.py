"""The one place that imports python-escpos, so its import-time setup happens once.

python-escpos pickles its printer capability database at import time into
ESCPOS_CAPABILITIES_PICKLE_DIR, or into a fresh temporary folder per process when the
variable is unset; pointing it at a cache folder stops a kiosk leaving one folder per run.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs


def _capabilities_cache() -> Path:
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return Path(os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"])
    cache_dir = Path(platformdirs.user_cache_dir("antrian")) / "escpos"
    cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache_dir)
    return cache_dir


def _import_escpos_without_temp_dir() -> None:
    """Import escpos.capabilities without the empty temp folder it would leave.

    python-escpos 3.1 evaluates environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR", mkdtemp()),
    so mkdtemp() runs even when the variable is set. While this thread imports it,
    mkdtemp hands back the cache folder instead; other threads are left alone.
    """
    if "escpos.capabilities" in sys.modules:
        return
    cache_dir = str(_capabilities_cache())
    importer = threading.get_ident()
    real_mkdtemp: Callable[..., str] = tempfile.mkdtemp

    def mkdtemp_for_escpos(*args: Any, **kwargs: Any) -> str:
        if threading.get_ident() == importer:
            return cache_dir
        return real_mkdtemp(*args, **kwargs)

    tempfile.mkdtemp = mkdtemp_for_escpos  # type: ignore[assignment]
    try:
        import escpos.capabilities  # noqa: F401
    finally:
        tempfile.mkdtemp = real_mkdtemp  # type: ignore[assignment]


_import_escpos_without_temp_dir()

# escpos.printer imports every backend module, but Usb only needs pyusb once constructed.
from escpos.exceptions import DeviceNotFoundError  # noqa: E402
from escpos.printer import Dummy, Usb  # noqa: E402  (must follow the setup above)

# The printer's power-on code page is CP437 (ESC t 0); tickets select it explicitly and
# python-escpos must never switch pages on its own: its automatic choice differs per
# profile and emits ESC t codes that cheap printers map to other tables.
TICKET_CODEPAGE = "CP437"


def new_dummy(escpos_profile: str) -> Dummy:
    """A python-escpos printer that only collects bytes, with the code page pinned."""
    return Dummy(
        profile=escpos_profile,
        magic_encode_args={"encoding": TICKET_CODEPAGE, "disabled": True},
    )


__all__ = ["TICKET_CODEPAGE", "DeviceNotFoundError", "Dummy", "Usb", "new_dummy"]
