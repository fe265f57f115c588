"""The receipt's QR code as inline SVG, made on the hub (the `qrcode` package, which
python-escpos brings along)."""

from __future__ import annotations

import qrcode
from markupsafe import Markup
from qrcode.image.svg import SvgPathImage


def qr_svg(url: str) -> Markup:
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M,
                         image_factory=SvgPathImage)  # fmt: skip
    code.add_data(url)
    code.make(fit=True)
    svg: bytes = code.make_image().to_string(encoding="unicode").encode()
    text = svg.decode()
    return Markup(text[text.index("<svg") :])  # noqa: S704 - made here from the QR's modules
