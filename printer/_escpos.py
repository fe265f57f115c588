"""The one place that imports python-escpos, so its import-time setup happens once.

python-escpos pickles its printer capability database at import time into
ESCPOS_CAPABILITIES_PICKLE_DIR, or into a fresh temporary folder per process when the
variable is unset; pointing it at a cache folder stops a kiosk leaving one folder per run.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def _use_capabilities_cache() -> None:
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    cache_dir = Path(platformdirs.user_cache_dir("antrian")) / "escpos"
    cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache_dir)


_use_capabilities_cache()

from escpos.printer import Dummy  # noqa: E402  (must follow the cache setup above)

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


__all__ = ["TICKET_CODEPAGE", "Dummy", "new_dummy"]
