// A real multi-page PDF made in the test: A4 pages, each with its number in Helvetica and a bar whose
// place and shade differ page by page, so a page turn changes the pixels.
import { writePdf } from '../../ui/tests/helpers/pdf.mjs';

export function multiPagePdf(title, pages) {
  const streams = [];
  for (let page = 1; page <= pages; page += 1) {
    const shade = (0.2 + (0.6 * page) / pages).toFixed(2);
    const y = 700 - ((page * 37) % 600);
    streams.push(`BT /F1 28 Tf 72 760 Td (${title}) Tj ET BT /F1 20 Tf 72 720 Td (Page ${page} of ${pages}) Tj ET\n${shade} g 72 ${y} 451 40 re f`);
  }
  return writePdf(streams);
}
