"""The one place that imports python-escpos, so its import-time setup happens once.

python-escpos pickles its printer capability database at import time into
ESCPOS_CAPABILITIES_PICKLE_DIR, or into a fresh temporary folder per process when the
variable is unset; pointing it at a cache folder stops a kiosk leaving one folder per run.

It writes that pickle in place, though: a process that starts while another is still
writing reads a truncated file and dies with EOFError (appliances started together on a
fresh machine). So the pickle is written here first, atomically, and python-escpos only
ever reads a whole one.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import platform
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs
import yaml  # type: ignore[import-untyped]


def _capabilities_cache() -> Path:
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        cache_dir = Path(os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"])
    else:
        cache_dir = Path(platformdirs.user_cache_dir("antrian")) / "escpos"
        os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    return cache_dir


def _capabilities_source() -> Path:
    """The file python-escpos loads its capabilities from (found without importing it)."""
    if "ESCPOS_CAPABILITIES_FILE" in os.environ:
        return Path(os.environ["ESCPOS_CAPABILITIES_FILE"])
    spec = importlib.util.find_spec("escpos")
    if spec is None or spec.origin is None:
        raise ImportError("python-escpos is not installed")
    return Path(spec.origin).with_name("capabilities.json")


def _readable(pickle_path: Path) -> bool:
    try:
        with pickle_path.open("rb") as cached:
            return bool(pickle.load(cached))  # noqa: S301 - our own cache file
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        return False


def ensure_capabilities_pickle(cache_dir: Path) -> Path:
    """Make the capability pickle python-escpos will read, whole, before it looks.

    Same path, content and protocol as python-escpos 3.1 writes. A pickle that is older
    than its source, or unreadable (a writer killed halfway, before this existed), is
    made again. Written to a temporary file and renamed over the old one: a reader sees
    the old pickle or the new one, never half of one; concurrent writers write the same.
    """
    source = _capabilities_source()
    pickle_path = cache_dir / f"{platform.python_version()}.capabilities.pickle"
    if (
        pickle_path.exists()
        and pickle_path.stat().st_mtime >= source.stat().st_mtime
        and _readable(pickle_path)
    ):
        return pickle_path
    with source.open(encoding="utf-8") as capabilities_file:
        capabilities = yaml.safe_load(capabilities_file)
    handle, temp_name = tempfile.mkstemp(dir=cache_dir, prefix=".capabilities-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp_file:
            pickle.dump(capabilities, temp_file, protocol=2)
            temp_file.flush()
            os.fsync(temp_file.fileno())
        os.replace(temp_name, pickle_path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return pickle_path


def _import_escpos_without_temp_dir() -> None:
    """Import escpos.capabilities without the empty temp folder it would leave.

    python-escpos 3.1 evaluates environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR", mkdtemp()),
    so mkdtemp() runs even when the variable is set. While this thread imports it,
    mkdtemp hands back the cache folder instead; other threads are left alone.
    """
    if "escpos.capabilities" in sys.modules:
        return
    cache_dir = str(ensure_capabilities_pickle(_capabilities_cache()).parent)
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
