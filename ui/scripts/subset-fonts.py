#!/usr/bin/env python3
"""Builds the UI's own font: Noto Sans CJK SC cut down to the characters the
message catalogs use (plus printable ASCII and common CJK punctuation).

Why: a system CJK font is tens of megabytes, and WebKit maps most of it into
every page that shows a Chinese character; the subset is ~100 KB, looks the
same on every terminal (Windows PCs have no Noto), and loads faster. Text the
catalogs do not contain (a litigant's name, say) falls back to the system's
CJK fonts, so nothing ever renders as empty boxes.

Run after changing a catalog (ui/tests/fonts.test.mjs fails until you do):
    pip install fonttools brotli && python3 ui/scripts/subset-fonts.py
Source fonts come from Debian's fonts-noto-cjk (SIL Open Font License 1.1).
"""
import hashlib
import json
import pathlib

from fontTools import subset
from fontTools.ttLib import TTCollection

UI = pathlib.Path(__file__).resolve().parent.parent
OUT = UI / "src" / "fonts"
SOURCES = {
    400: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    700: "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
}
FAMILY = "Noto Sans CJK SC"
EXTRA = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。、：；！？“”‘’（）《》【】…—·～　"


def catalog_text():
    chars = set(EXTRA)
    for path in sorted((UI / "src" / "i18n").glob("*.json")):
        def walk(value):
            if isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, str):
                chars.update(value)
        walk(json.loads(path.read_text(encoding="utf-8")))
    return "".join(sorted(c for c in chars if c.isprintable()))


def main():
    text = catalog_text()
    OUT.mkdir(parents=True, exist_ok=True)
    files = {}
    for weight, source in SOURCES.items():
        collection = TTCollection(source)
        font = next(f for f in collection.fonts if f["name"].getDebugName(1) == FAMILY)
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        name = f"courtdesk-sans-{weight}.woff2"
        font.flavor = "woff2"
        font.save(OUT / name)
        files[name] = hashlib.sha256((OUT / name).read_bytes()).hexdigest()
    manifest = {"family": FAMILY, "characters": text, "files": files}
    (OUT / "coverage.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(text)} characters; " + ", ".join(f"{n} {(OUT / n).stat().st_size} B" for n in files))


if __name__ == "__main__":
    main()
