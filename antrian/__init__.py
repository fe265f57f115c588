"""Antrian: queue appliance software for Indonesian public service malls.

This package is only the top-level command line; what the parts share lives in `common`.
"""

from common import __version__

__all__ = ["__version__"]
