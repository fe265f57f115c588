"""Reading ESC/POS bytes back into commands: the subset that render_ticket emits.

Used by the PNG preview. Anything outside the subset is an error rather than a guess, so
a layout change that emits a new command is noticed in the preview tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from printer.errors import PreviewError

ESC, GS, LF, CR = 0x1B, 0x1D, 0x0A, 0x0D


@dataclass(frozen=True, slots=True)
class Text:
    data: bytes  # printable bytes in the selected code page


@dataclass(frozen=True, slots=True)
class LineFeed:
    pass


@dataclass(frozen=True, slots=True)
class Init:
    pass


@dataclass(frozen=True, slots=True)
class CodePage:
    table: int


@dataclass(frozen=True, slots=True)
class Align:
    mode: int  # 0 left, 1 centre, 2 right


@dataclass(frozen=True, slots=True)
class Bold:
    on: bool


@dataclass(frozen=True, slots=True)
class PrintMode:
    bits: int  # ESC !: bit 3 bold, bit 4 double height, bit 5 double width


@dataclass(frozen=True, slots=True)
class CharSize:
    width: int  # multiplier 1-8
    height: int


@dataclass(frozen=True, slots=True)
class Invert:
    on: bool


@dataclass(frozen=True, slots=True)
class Feed:
    lines: int


@dataclass(frozen=True, slots=True)
class Cut:
    partial: bool
    feed_dots: int


@dataclass(frozen=True, slots=True)
class Raster:
    width_bytes: int
    height: int
    double_width: bool
    double_height: bool
    data: bytes  # rows of width_bytes, most significant bit leftmost, 1 = black dot


@dataclass(frozen=True, slots=True)
class QrSetting:
    function: int  # 65 model, 67 module size, 69 error correction
    value: int


@dataclass(frozen=True, slots=True)
class QrStore:
    data: bytes


@dataclass(frozen=True, slots=True)
class QrPrint:
    pass


Command = (
    Text
    | LineFeed
    | Init
    | CodePage
    | Align
    | Bold
    | PrintMode
    | CharSize
    | Invert
    | Feed
    | Cut
    | Raster
    | QrSetting
    | QrStore
    | QrPrint
)


def parse(data: bytes) -> list[Command]:
    """The commands in data, in order; PreviewError names the first unknown one."""
    reader = _Reader(data)
    commands: list[Command] = []
    while not reader.at_end():
        start = reader.offset
        byte = reader.take(1)[0]
        if byte == LF:
            commands.append(LineFeed())
        elif byte == CR:
            continue  # a carriage return alone prints nothing in ESC/POS line mode
        elif byte == ESC:
            commands.append(_escape(reader, start))
        elif byte == GS:
            commands.append(_group(reader, start))
        elif byte >= 0x20:
            end = start + 1
            while end < len(data) and data[end] >= 0x20:
                end += 1
            commands.append(Text(data[start:end]))
            reader.offset = end
        else:
            raise PreviewError(f"control byte 0x{byte:02x} at offset {start} is not supported")
    return commands


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def at_end(self) -> bool:
        return self.offset >= len(self.data)

    def take(self, count: int) -> bytes:
        if self.offset + count > len(self.data):
            raise PreviewError(f"ESC/POS data ends inside a command at offset {self.offset}")
        chunk = self.data[self.offset : self.offset + count]
        self.offset += count
        return chunk


def _escape(reader: _Reader, start: int) -> Command:
    code = reader.take(1)
    if code == b"@":
        return Init()
    argument = reader.take(1)[0]
    simple: dict[bytes, Command] = {
        b"t": CodePage(argument),
        b"a": Align(argument % 48),  # accepts 0-2 and ASCII '0'-'2'
        b"E": Bold(bool(argument & 1)),
        b"!": PrintMode(argument),
        b"d": Feed(argument),
    }
    if code in simple:
        return simple[code]
    raise PreviewError(f"ESC 0x{code[0]:02x} at offset {start} is not supported")


def _group(reader: _Reader, start: int) -> Command:
    code = reader.take(1)
    if code == b"!":
        size = reader.take(1)[0]
        return CharSize(width=(size >> 4) + 1, height=(size & 0x0F) + 1)
    if code == b"B":
        return Invert(bool(reader.take(1)[0] & 1))
    if code == b"V":
        mode = reader.take(1)[0]
        if mode in (0, 1, 48, 49):
            return Cut(partial=mode in (1, 49), feed_dots=0)
        if mode in (65, 66):
            return Cut(partial=mode == 66, feed_dots=reader.take(1)[0])
        raise PreviewError(f"GS V {mode} at offset {start} is not supported")
    if code == b"v":
        return _raster(reader, start)
    if code == b"(":
        return _two_d_code(reader, start)
    raise PreviewError(f"GS 0x{code[0]:02x} at offset {start} is not supported")


def _raster(reader: _Reader, start: int) -> Raster:
    if reader.take(1) != b"0":
        raise PreviewError(f"GS v other than GS v 0 at offset {start} is not supported")
    density, x_low, x_high, y_low, y_high = reader.take(5)
    width_bytes = x_low + 256 * x_high
    height = y_low + 256 * y_high
    return Raster(
        width_bytes=width_bytes,
        height=height,
        double_width=bool(density & 1),
        double_height=bool(density & 2),
        data=reader.take(width_bytes * height),
    )


def _two_d_code(reader: _Reader, start: int) -> Command:
    if reader.take(1) != b"k":
        raise PreviewError(f"GS ( other than GS ( k at offset {start} is not supported")
    low, high = reader.take(2)
    body = reader.take(low + 256 * high)
    if len(body) < 2 or body[0] != ord("1"):
        raise PreviewError(f"2D code at offset {start} is not a QR code")
    function, rest = body[1], body[2:]
    if function in (65, 67, 69) and rest:
        return QrSetting(function, rest[0])
    if function == 80 and rest[:1] == b"0":
        return QrStore(rest[1:])
    if function == 81:
        return QrPrint()
    raise PreviewError(f"QR function {function} at offset {start} is not supported")
