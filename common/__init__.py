"""What every part of Antrian shares, at the bottom of the layers: Indonesian wording,
paths, the office config sections every part reads, the clock seam, serial settings, and
(in `common.qt`) the Qt helpers every appliance screen uses. Imports nothing of ours
above it."""

__version__ = "0.1.0"
