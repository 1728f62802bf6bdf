"""Render the app icon from its SVG source into every size and container the platforms want.

    .venv/bin/python packaging/make_icons.py

writes src/interview_kit/icons/org.interviewkit.InterviewKit-N.png (N = 16 … 512; the window and the Linux
hicolor theme use them), packaging/windows/interview-kit.ico and packaging/macos/interview-kit.icns. The
results are committed, so a build machine needs neither Qt's SVG module nor Pillow to package the app.
Qt's QSvgRenderer draws each size from the vector source (no scaling of one bitmap); Pillow only packs the
ready PNGs into the .ico and .icns containers.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "src" / "interview_kit" / "icons"
SOURCE = ICONS / "org.interviewkit.InterviewKit.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return ICONS / f"org.interviewkit.InterviewKit-{size}.png"


def render(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (QImage needs one)
    pngs = {size: render(size) for size in SIZES}
    for size, data in pngs.items():
        png_path(size).write_bytes(data)
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in pngs.items()}

    ico = ROOT / "packaging" / "windows" / "interview-kit.ico"
    big = images[max(ICO_SIZES)]
    big.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES],
             append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    icns = ROOT / "packaging" / "macos" / "interview-kit.icns"
    images[512].save(icns, format="ICNS", append_images=[images[s] for s in ICNS_SIZES if s != 512])
    for path in [*map(png_path, SIZES), ico, icns]:
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
