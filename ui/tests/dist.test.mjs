// The build output obeys the strict CSP: no inline scripts, styles, handlers or eval.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist', import.meta.url));
const html = () => readFileSync(join(DIST, 'index.html'), 'utf8');

test('dist/index.html exists (run `npm run build` first)', () => {
  assert.ok(existsSync(join(DIST, 'index.html')));
});

test('index.html has no inline script, style, style attribute or event handler', () => {
  const page = html();
  for (const tag of page.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    assert.match(tag[0], /\bsrc=/, `inline <script>: ${tag[0].slice(0, 80)}`);
    assert.equal(tag[1].trim(), '', 'script with a src also has a body');
  }
  assert.doesNotMatch(page, /<style\b/i, '<style> element');
  assert.doesNotMatch(page, /\sstyle=/i, 'style="" attribute');
  assert.doesNotMatch(page, /\son[a-z]+=/i, 'inline event handler');
  assert.doesNotMatch(page, /(src|href)="(data|javascript):/i, 'data: or javascript: URL');
});

test('every asset index.html references was built, with a content hash', () => {
  const refs = [...html().matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
  assert.ok(refs.some((r) => r.endsWith('.js')) && refs.some((r) => r.endsWith('.css')), `refs: ${refs}`);
  for (const ref of refs) {
    assert.ok(existsSync(join(DIST, ref)), `${ref} missing from dist`);
    assert.match(ref, /-[\w-]{8}\.(js|css)$/, `${ref} has no content hash`);
  }
});

test('the scripts use neither eval nor new Function', () => {
  for (const file of readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(join(DIST, 'assets', file), 'utf8');
    assert.doesNotMatch(code, /\beval\(|new Function\(/, `${file} uses eval`);
  }
});
