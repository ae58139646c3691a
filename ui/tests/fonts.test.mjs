// The UI's subset font covers every character the catalogs use, and the
// committed font files are the ones the coverage manifest describes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const UI = fileURLToPath(new URL('..', import.meta.url));
const FONTS = join(UI, 'src/fonts');
const manifest = JSON.parse(readFileSync(join(FONTS, 'coverage.json'), 'utf8'));
const REGENERATE = 'regenerate with: python3 ui/scripts/subset-fonts.py';

test('every character of every catalog is in the subset font', () => {
  const covered = new Set(manifest.characters);
  for (const name of readdirSync(join(UI, 'src/i18n'))) {
    const catalog = JSON.parse(readFileSync(join(UI, 'src/i18n', name), 'utf8'));
    const missing = new Set();
    for (const value of Object.values(catalog)) {
      for (const ch of value) if (!covered.has(ch) && ch.trim()) missing.add(ch);
    }
    assert.deepEqual([...missing], [], `${name} uses characters the font lacks; ${REGENERATE}`);
  }
});

test('the font files are the ones the manifest was made with', () => {
  const files = readdirSync(FONTS).filter((name) => name.endsWith('.woff2')).sort();
  assert.deepEqual(files, Object.keys(manifest.files).sort());
  for (const [name, sha256] of Object.entries(manifest.files)) {
    const actual = createHash('sha256').update(readFileSync(join(FONTS, name))).digest('hex');
    assert.equal(actual, sha256, `${name} differs from coverage.json; ${REGENERATE}`);
  }
});
