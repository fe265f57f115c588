"""Loading the office logo for the ticket header."""

from __future__ import annotations

import logging
from pathlib import Path

from PIL import Image, UnidentifiedImageError

log = logging.getLogger(__name__)

# A logo taller than this pushes the ticket number off the first glance; 120 dots = 15 mm.
LOGO_MAX_HEIGHT_DOTS = 120


def load_logo(path: Path, max_width: int) -> Image.Image | None:
    """The logo scaled to fit the header, on white, or None when it cannot be read.

    A missing or broken logo file must not stop citizens getting tickets, so it is logged
    and the ticket prints without it.
    """
    try:
        with Image.open(path) as source:
            source.load()
            logo = source.convert("RGBA")
    except (OSError, UnidentifiedImageError) as error:
        log.warning("office logo %s not printed: %s", path, error)
        return None
    scale = min(max_width / logo.width, LOGO_MAX_HEIGHT_DOTS / logo.height, 1.0)
    size = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
    logo = logo.resize(size, Image.Resampling.LANCZOS)
    # Transparent pixels must print as paper, not as black.
    on_white = Image.new("RGBA", logo.size, (255, 255, 255, 255))
    on_white.alpha_composite(logo)
    return on_white.convert("L")
