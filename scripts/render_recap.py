#!/usr/bin/env python3
"""Render the sample recap as the FO desk prints it and as the MOD's PDF, to PNGs for the docs.

    .venv/bin/python scripts/render_recap.py [--recap tests/fo/sample_recap.json] [--out docs]

Writes recap-80mm.png and recap-58mm.png (one pixel per printer dot, from the very ESC/POS
bytes a printer would receive) and recap-page-1.png, -2, ... (the PDF's pages at 80 dpi,
through pdftoppm from Debian's poppler-utils).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fo.pdf import render_recap_pdf  # noqa: E402
from fo.thermal import render_recap  # noqa: E402
from printer import PAPER_58MM, PAPER_80MM  # noqa: E402
from printer.preview import save_preview  # noqa: E402

PAGE_DPI = 80


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recap", type=Path, default=ROOT / "tests/fo/sample_recap.json")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    args = parser.parse_args()
    recap = json.loads(args.recap.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)

    for paper in (PAPER_80MM, PAPER_58MM):
        data = render_recap(recap, paper)
        path = save_preview(data, paper.dots, args.out / f"recap-{paper.name}.png")
        print(f"{path}  ({len(data)} bytes of ESC/POS)")

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm not found: apt-get install poppler-utils", file=sys.stderr)
        return 1
    for stale in args.out.glob("recap-page-*.png"):
        stale.unlink()
    with tempfile.TemporaryDirectory() as folder:
        pdf = render_recap_pdf(recap, Path(folder) / "recap.pdf")
        subprocess.run(
            [pdftoppm, "-r", str(PAGE_DPI), "-png", str(pdf), str(Path(folder) / "page")],
            check=True,
        )
        # pdftoppm pads page numbers to the page count's digits (page-01.png at 10+ pages).
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        for number, page in enumerate(pages, start=1):
            target = args.out / f"recap-page-{number}.png"
            shutil.move(page, target)
            print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
