"""A PNG of what ESC/POS bytes would print, one image pixel per printer dot.

Characters are drawn into the printer's 12x24-dot font A cell and enlarged by whole
multiples like the printer does with GS !, so the preview shows the real proportions,
blocky edges included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont, ImageOps

from printer import escpos_parse as cmd
from printer.errors import PreviewError

CELL_WIDTH, CELL_HEIGHT = 12, 24
_FONT_PIXELS, _DRAW_WIDTH, _BASELINE = 23, 14, 18
# Default line spacing is 1/6 inch: 34 dots at 203 dpi.
LINE_SPACING = 34
CUT_MARGIN = 12
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
_QR_LEVELS = {
    48: qrcode.constants.ERROR_CORRECT_L,
    49: qrcode.constants.ERROR_CORRECT_M,
    50: qrcode.constants.ERROR_CORRECT_Q,
    51: qrcode.constants.ERROR_CORRECT_H,
}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass
class _Style:
    align: int = 0
    bold: bool = False
    invert: bool = False
    width: int = 1
    height: int = 1


@dataclass
class _QrState:
    module_dots: int = 3
    level: int = 48
    data: bytes = b""


@dataclass
class _Page:
    width: int
    style: _Style = field(default_factory=_Style)
    qr: _QrState = field(default_factory=_QrState)
    y: int = 0
    line: list[tuple[Image.Image, int]] = field(default_factory=list)  # (cell, align)
    placed: list[tuple[Image.Image, int, int]] = field(default_factory=list)
    cuts: list[int] = field(default_factory=list)

    def line_width(self) -> int:
        return sum(cell.width for cell, _ in self.line)

    def add_char(self, char: str) -> None:
        cell = _char_cell(char, self.style.bold, self.style.invert)
        if self.style.width > 1 or self.style.height > 1:
            size = (CELL_WIDTH * self.style.width, CELL_HEIGHT * self.style.height)
            cell = cell.resize(size, Image.Resampling.NEAREST)
        if self.line and self.line_width() + cell.width > self.width:
            self.print_line()  # the printer wraps a full line by itself
        self.line.append((cell, self.style.align))

    def print_line(self) -> None:
        """Print the buffered characters, bottom-aligned like mixed sizes on a printer."""
        if not self.line:
            self.y += LINE_SPACING
            return
        height = max(cell.height for cell, _ in self.line)
        x = _aligned_x(self.line[0][1], self.line_width(), self.width)
        for cell, _ in self.line:
            self.placed.append((cell, x, self.y + height - cell.height))
            x += cell.width
        # A line of enlarged characters feeds by their height when that exceeds the spacing.
        self.y += max(LINE_SPACING, height)
        self.line.clear()

    def place_block(self, block: Image.Image) -> None:
        if self.line:
            self.print_line()
        x = _aligned_x(self.style.align, block.width, self.width)
        self.placed.append((block, x, self.y))
        self.y += block.height


def render_preview(data: bytes, width_dots: int) -> Image.Image:
    """A black-on-white image of the printout, width_dots wide (576 for 80 mm, 384 for 58)."""
    page = _Page(width=width_dots)
    for command in cmd.parse(data):
        _apply(page, command)
    if page.line:
        page.print_line()
    height = max([page.y, *(y + block.height for block, _, y in page.placed)]) + CUT_MARGIN
    image = Image.new("1", (width_dots, height), 1)
    for block, x, y in page.placed:
        image.paste(block, (x, y))
    draw = ImageDraw.Draw(image)
    for cut_y in page.cuts:
        for x in range(0, width_dots, 16):  # a dashed line where the cutter cuts
            draw.line([(x, cut_y), (x + 8, cut_y)], fill=0, width=2)
    return image


def save_preview(data: bytes, width_dots: int, path: Path) -> Path:
    render_preview(data, width_dots).save(path, format="PNG")
    return path


def _apply(page: _Page, command: cmd.Command) -> None:
    style = page.style
    match command:
        case cmd.Text(data=raw):
            for char in raw.decode("cp437"):  # the ticket pins code page 0, CP437
                page.add_char(char)
        case cmd.LineFeed():
            page.print_line()
        case cmd.Init():
            page.style = _Style()
        case cmd.CodePage() | cmd.QrSetting(function=65):
            pass  # only CP437 and QR model 2 are ever sent
        case cmd.Align(mode=mode):
            style.align = mode
        case cmd.Bold(on=on):
            style.bold = on
        case cmd.PrintMode(bits=bits):
            style.bold = bool(bits & 0x08)
            style.height = 2 if bits & 0x10 else 1
            style.width = 2 if bits & 0x20 else 1
        case cmd.CharSize(width=width, height=height):
            style.width, style.height = width, height
        case cmd.Invert(on=on):
            style.invert = on
        case cmd.Feed(lines=lines):
            page.print_line()
            page.y += LINE_SPACING * max(0, lines - 1)
        case cmd.Cut(feed_dots=feed_dots):
            if page.line:
                page.print_line()
            page.y += feed_dots + CUT_MARGIN
            page.cuts.append(page.y)
        case cmd.Raster():
            page.place_block(_raster_image(command))
        case cmd.QrSetting(function=67, value=value):
            page.qr.module_dots = value
        case cmd.QrSetting(function=69, value=value):
            page.qr.level = value
        case cmd.QrStore(data=content):
            page.qr.data = content
        case cmd.QrPrint():
            page.place_block(_qr_image(page.qr))
        case _:
            raise PreviewError(f"preview cannot draw {command!r}")


def _aligned_x(align: int, used: int, width: int) -> int:
    if align == 1:
        return max(0, (width - used) // 2)
    if align == 2:
        return max(0, width - used)
    return 0


def _raster_image(raster: cmd.Raster) -> Image.Image:
    size = (raster.width_bytes * 8, raster.height)
    # In the raster, 1 means a black dot; in a PIL "1" image, 1 means white.
    image = ImageOps.invert(Image.frombytes("1", size, raster.data).convert("L")).convert("1")
    if raster.double_width or raster.double_height:
        scaled = (
            size[0] * (2 if raster.double_width else 1),
            size[1] * (2 if raster.double_height else 1),
        )
        image = image.resize(scaled, Image.Resampling.NEAREST)
    return image


def _qr_image(state: _QrState) -> Image.Image:
    if not state.data:
        raise PreviewError("QR print command without stored QR data")
    code = qrcode.QRCode(
        error_correction=_QR_LEVELS.get(state.level, qrcode.constants.ERROR_CORRECT_M),
        box_size=max(1, state.module_dots),
        border=0,  # the printer prints the symbol without a quiet zone
    )
    code.add_data(state.data.decode("utf-8"))
    code.make(fit=True)
    matrix = code.get_matrix()
    side = len(matrix)
    image = Image.new("1", (side, side), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    return image.resize((side * state.module_dots,) * 2, Image.Resampling.NEAREST)


@lru_cache(maxsize=512)
def _char_cell(char: str, bold: bool, invert: bool) -> Image.Image:
    """One character in a 12x24 cell, thresholded to dots as the print head would.

    Printer fonts are narrow and tall (capitals about 17 of 24 dots); DejaVu Sans Mono is
    drawn that tall in a wider cell, then squeezed to 12 dots.
    """
    wide = Image.new("L", (_DRAW_WIDTH, CELL_HEIGHT), 255)
    draw = ImageDraw.Draw(wide)
    font, fake_bold = _font(bold)
    draw.text((_DRAW_WIDTH / 2, _BASELINE), char, font=font, fill=0, anchor="ms")
    if fake_bold:
        draw.text((_DRAW_WIDTH / 2 + 1, _BASELINE), char, font=font, fill=0, anchor="ms")
    cell = wide.resize((CELL_WIDTH, CELL_HEIGHT), Image.Resampling.LANCZOS)
    dots = cell.point(lambda level: 0 if level < 150 else 255).convert("1")
    return ImageOps.invert(dots.convert("L")).convert("1") if invert else dots


@lru_cache(maxsize=2)
def _font(bold: bool) -> tuple[Font, bool]:
    """DejaVu Sans Mono (Debian fonts-dejavu-core), else Pillow's own font, drawn twice for bold."""
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return ImageFont.truetype(str(folder / name), _FONT_PIXELS), False
    return ImageFont.load_default(size=_FONT_PIXELS), bold
