"""Build the bundled CJK fallback font (src/interview_kit/fonts/IKitCJKFallback.ttf). Run by hand, not by make.

reportlab embeds TrueType (glyf) outlines only, and the freely licensed CJK fonts on the registries we can
reach ship CFF outlines (.otf). This script takes Noto Sans Hans Regular (SIL OFL 1.1; from the npm package
@embedpdf/fonts-sc), keeps the characters a hiring panel is likely to meet in names and notes — every CJK
Unified Ideograph (U+4E00–U+9FFF: names use characters no legacy set has, such as 喆, 堃 or 珺), the
compatibility ideographs, the KS X 1001 Hangul syllables, kana, CJK punctuation and full-width forms —
converts the outlines to quadratic TrueType curves, and renames the result: the OFL reserves the name
"Noto Sans" for unmodified fonts, so a subset must carry another name.

Hangul comes from Noto Sans KR Regular (SIL OFL 1.1; npm @embedpdf/fonts-kr), and the compatibility ideographs
the Chinese font lacks (﨑, as in the surname 山﨑) from Noto Sans JP Regular (SIL OFL 1.1; npm
@embedpdf/fonts-jp); both are merged in.

Usage: python tools/build_cjk_font.py NotoSansHans-Regular.otf NotoSansKR-Regular.otf NotoSansJP-Regular.otf OUT.ttf
(needs: pip install fonttools; the three fonts: npm pack @embedpdf/fonts-sc @embedpdf/fonts-kr @embedpdf/fonts-jp)
"""

from __future__ import annotations

import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

FAMILY = "IKit CJK Fallback"


def _codec_chars(codec: str, lead: range, trail: range) -> set[int]:
    out = set()
    for a in lead:
        for b in trail:
            try:
                out.update(ord(c) for c in bytes([a, b]).decode(codec))
            except UnicodeDecodeError:
                pass
    return out


def han_and_kana() -> set[int]:
    chars = set()
    chars |= _codec_chars("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    chars |= _codec_chars("big5", range(0xA4, 0xC7), range(0x40, 0xFF))  # Big5 symbols + level 1 hanzi
    chars |= _codec_chars("shift_jis", range(0x81, 0x99), range(0x40, 0xFD))  # JIS X 0208 level 1
    chars |= set(range(0x4E00, 0xA000))  # every CJK Unified Ideograph
    chars |= set(range(0xF900, 0xFB00))  # compatibility ideographs (twelve of them are unified ones, used in names)
    chars |= set(range(0x3000, 0x3100))  # CJK punctuation, kana
    chars |= set(range(0xFF00, 0xFFF0))  # full-width forms
    return {c for c in chars if c > 0x2E7F and not 0xAC00 <= c <= 0xD7A3}  # Latin comes from DejaVu Sans


def hangul() -> set[int]:
    chars = _codec_chars("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))  # the 2,350 KS X 1001 syllables
    chars |= set(range(0x3130, 0x3190))  # compatibility jamo
    return {c for c in chars if 0x3130 <= c <= 0x318F or 0xAC00 <= c <= 0xD7A3}


def to_truetype(font: TTFont) -> None:
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, attr, 2 if attr == "maxZones" else 0)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and reportlab does not need them
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont) -> None:
    names = font["name"]
    for rec in list(names.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            names.removeNames(nameID=rec.nameID)
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName("Regular", 2, 3, 1, 0x409)
    names.setName(f"{FAMILY} Regular", 4, 3, 1, 0x409)
    names.setName("IKitCJKFallback-Regular", 6, 3, 1, 0x409)
    names.setName("IKitCJKFallback-Regular; derived from Noto Sans Hans Regular (SIL OFL 1.1)", 3, 3, 1, 0x409)


def part(src: str, unicodes: set[int], out: str) -> str:
    font = TTFont(src)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(unicodes))
    sub.subset(font)
    to_truetype(font)
    for tag in ("GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx"):  # reportlab uses none of these
        if tag in font:
            del font[tag]
    font.save(out)
    return out


def main(sc_src: str, kr_src: str, jp_src: str, out: str) -> None:
    from fontTools.merge import Merger

    wanted = han_and_kana()
    han = part(sc_src, wanted, out + ".han.ttf")
    missing = wanted - set(TTFont(han).getBestCmap())
    jp = part(jp_src, missing & set(TTFont(jp_src).getBestCmap()), out + ".jp.ttf")
    kr = part(kr_src, hangul(), out + ".kr.ttf")
    merged = Merger().merge([han, jp, kr])
    rename(merged)
    merged.save(out)
    print(f"{out}: {len(merged.getGlyphOrder())} glyphs")


if __name__ == "__main__":
    main(*sys.argv[1:5])
