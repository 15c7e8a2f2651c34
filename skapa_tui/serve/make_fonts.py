"""Make the page's bundled fonts (static/fonts) from DejaVu's TrueType files.

Run by a developer when the fonts change, not by skapa::

    python -m skapa_tui.serve.make_fonts /usr/share/fonts/truetype/dejavu

(Debian's ``fonts-dejavu-core``; fontTools comes with fpdf2, and WOFF2 needs
``pip install brotli``.) It writes:

- ``DejaVuSansMono.woff2`` and ``DejaVuSansMono-Bold.woff2``: DejaVu Sans
  Mono as it is, only packed as WOFF2 (about half the size);
- ``SkapaBraille.woff2``: the 256 Braille Patterns (U+2800-28FF) of DejaVu
  Sans, which DejaVu Sans Mono lacks. Each pattern is moved into DejaVu Sans
  Mono's cell (1233 units wide, not 1500) with its dots centred, so a chart
  drawn in braille has no gaps and no overlaps in the terminal. The font is
  renamed, as the Bitstream Vera licence asks of a changed font.

The licence (fonts/LICENSE) allows bundling and changing the fonts.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "static" / "fonts"
BRAILLE = range(0x2800, 0x2900)
BRAILLE_NAME = "SKAPA Braille"


def pack(source: Path, target: Path) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    font.flavor = "woff2"
    font.save(target)


def braille(sans: Path, mono: Path, target: Path) -> None:
    from fontTools import subset
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    cell = TTFont(mono)["hmtx"][TTFont(mono).getBestCmap()[ord("a")]][0]
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.notdef_outline = True
    font = TTFont(sans)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=list(BRAILLE))
    subsetter.subset(font)
    glyf, hmtx = font["glyf"], font["hmtx"]
    glyphs = font.getGlyphSet()
    moved = {}
    for name in font.getGlyphOrder():
        # Each pattern drawn again as a simple glyph (no components), moved to the cell's middle.
        flat = DecomposingRecordingPen(glyphs)
        glyphs[name].draw(flat)
        pen = TTGlyphPen(None)
        flat.replay(TransformPen(pen, (1, 0, 0, 1, (cell - hmtx[name][0]) // 2, 0)))
        moved[name] = pen.glyph()
    for name, glyph in moved.items():
        glyf[name] = glyph
        glyph.recalcBounds(glyf)
        hmtx[name] = (cell, glyph.xMin if glyph.numberOfContours else 0)
    font["hhea"].advanceWidthMax = cell
    font["post"].isFixedPitch = 1
    font["OS/2"].xAvgCharWidth = cell
    font["OS/2"].panose.bProportion = 9  # monospaced
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(BRAILLE_NAME, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(BRAILLE_NAME.replace(" ", ""), 6, record.platformID, record.platEncID,
                          record.langID)
        elif record.nameID == 3:
            names.setName(f"{BRAILLE_NAME}: the Braille Patterns of DejaVu Sans in DejaVu Sans Mono's cell",
                          3, record.platformID, record.platEncID, record.langID)
    font.flavor = "woff2"
    font.save(target)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "/usr/share/fonts/truetype/dejavu")
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("DejaVuSansMono", "DejaVuSansMono-Bold"):
        pack(folder / f"{name}.ttf", OUT / f"{name}.woff2")
    braille(folder / "DejaVuSans.ttf", folder / "DejaVuSansMono.ttf", OUT / "SkapaBraille.woff2")
    for path in sorted(OUT.glob("*.woff2")):
        print(f"{path.name}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
