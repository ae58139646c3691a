#!/usr/bin/env python3
"""Regenerates the fonts that ticket and receipt PDFs embed.

    pip install fonttools            # 4.x
    apt-get install fonts-noto-cjk   # Debian's Noto Sans CJK collections
    python3 crates/courtdesk-devices/fonts/subset.py

Writes, next to this script:

* NotoSansCJKsc-Regular-GB2312.ttf: the Simplified Chinese face of Noto Sans
  CJK Regular, cut down to every character of GB2312 (all 6,763 hanzi of
  both levels, since court and place names such as 深圳, 邯郸 or 亳州 need
  level 2, plus its punctuation, full-width forms, pinyin and symbol rows),
  ASCII, Latin-1 and a few punctuation marks GB2312 lacks (the middle dot
  of transcribed names, dashes, the ellipsis).
* NotoSansCJKsc-Bold-ASCII.ttf: the Bold face, printable ASCII only, for the
  large ticket number.

Both are converted from CFF to TrueType outlines because the PDF writer
embeds fonts as CIDFontType2 and subsets them per document by rewriting the
`glyf` and `loca` tables, which CFF has no equivalent of. Hinting, layout
tables and vertical metrics are dropped: the slips are printed horizontally
and never shaped. The result is deterministic for a given fonttools version
and source collection, so a regenerated file only changes when those do.
"""

from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, newTable

HERE = Path(__file__).resolve().parent
SOURCE = Path("/usr/share/fonts/opentype/noto")
# Face order inside Noto Sans CJK collections: JP, KR, SC, TC, HK, then Mono.
SIMPLIFIED_CHINESE = 2


def gb2312() -> set[int]:
    """Every character GB2312 encodes (rows 1-9 symbols, 16-87 hanzi)."""
    chars = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([row, cell]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def ascii_printable() -> set[int]:
    return set(range(0x20, 0x7F))


def regular_chars() -> set[int]:
    extra = {
        0x00B7,  # middle dot in transcribed names (买买提·艾力)
        0x2013, 0x2014, 0x2015,  # dashes
        0x2026,  # ellipsis
        0xFF5E,  # full-width tilde for ranges (9:00～12:00)
        0x3000,  # ideographic space
    }
    return gb2312() | ascii_printable() | set(range(0xA0, 0x100)) | extra


def to_truetype(font, max_err=1.0):
    """Replaces the CFF outlines with quadratic TrueType ones (fonttools'
    otf2ttf snippet, without its hinting and post-table options)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, max_err, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
        "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = max(
        (g.getCompositeMaxpValues(glyf).maxComponentDepth
         for g in glyphs.values() if g.isComposite()),
        default=0,
    )
    post = font["post"]
    post.formatType = 3.0  # no glyph names: nothing reads them
    font.sfntVersion = "\000\001\000\000"


def cut(collection: str, chars: set[int], out: str, family_suffix: str):
    source = TTCollection(str(SOURCE / collection))
    font = source.fonts[SIMPLIFIED_CHINESE]
    options = Options()
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.drop_tables += ["BASE", "GDEF", "GPOS", "GSUB", "VORG", "vhea", "vmtx", "DSIG"]
    subsetter = Subsetter(options=options)
    subsetter.populate(unicodes=sorted(chars))
    subsetter.subset(font)
    to_truetype(font)
    # The subset is a modified version under the OFL: say so in its names so
    # nobody mistakes it for the full upstream face.
    for record in font["name"].names:
        if record.nameID in (1, 4):
            record.string = record.toUnicode() + " " + family_suffix
        elif record.nameID == 6:
            record.string = record.toUnicode() + "-" + family_suffix.replace(" ", "")
    # A fixed modification time keeps regeneration byte-for-byte repeatable.
    font.recalcTimestamp = False
    font.save(str(HERE / out), reorderTables=True)
    size = (HERE / out).stat().st_size
    print(f"{out}: {len(font.getGlyphOrder())} glyphs, {size} bytes")


def main():
    cut("NotoSansCJK-Regular.ttc", regular_chars(), "NotoSansCJKsc-Regular-GB2312.ttf", "GB2312 Subset")
    cut("NotoSansCJK-Bold.ttc", ascii_printable(), "NotoSansCJKsc-Bold-ASCII.ttf", "ASCII Subset")


if __name__ == "__main__":
    main()
