// A small real PDF made in the test, so the viewer is tested on bytes pdf.js must parse and paint.

// Adobe's Chinese font as a PDF names it without embedding it: its glyph codes are read through
// the UniGB-UCS2-H character map, which pdf.js loads from the bundled maps.
const SONG = '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font '
  + '/Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> '
  + '/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 '
  + '/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> >>] >>';

/** A PDF string operand: Latin text as a literal, Chinese as UCS-2 hex for the Chinese font. */
const operand = (text, chinese) => (chinese
  ? `<${[...text].map((c) => c.codePointAt(0).toString(16).padStart(4, '0')).join('')}>`
  : `(${text})`);

const HELVETICA = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/**
 * A PDF with one A4 page per content stream of `streams`, all with `font` as /F1 (Helvetica, a
 * standard font not embedded, unless told otherwise), and a cross-reference table. Returns bytes.
 */
export function writePdf(streams, font = HELVETICA) {
  const objects = [];
  const add = (body) => objects.push(body) && objects.length;
  const catalog = add(null);
  const tree = add(null);
  const fontRef = add(font);
  const kids = streams.map((stream) => {
    const content = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    return add(`<< /Type /Page /Parent ${tree} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${fontRef} 0 R >> >> /Contents ${content} 0 R >>`);
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${tree} 0 R >>`;
  objects[tree - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * A PDF with one A4 page per entry of `pages`, each showing its text large in Helvetica (pdf.js
 * takes it from the bundled standard fonts), or with `chinese` in the non-embedded Chinese font
 * above. Each page draws a band at a different height too, so pages differ in more than their words.
 */
export function makePdf(pages, { chinese = false } = {}) {
  return writePdf(
    pages.map((text, i) => `BT /F1 48 Tf 72 700 Td ${operand(text, chinese)} Tj ET 0.2 0.3 0.6 rg 72 ${100 + i * 150} 450 60 re f`),
    chinese ? SONG : HELVETICA,
  );
}
