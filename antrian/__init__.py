"""Antrian: queue appliance software for Indonesian public service malls."""

__version__ = "0.1.0"
