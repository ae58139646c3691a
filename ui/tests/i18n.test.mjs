// Catalog checks: same keys in both languages, nothing empty, every referenced key present.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const UI = fileURLToPath(new URL('..', import.meta.url));
const load = (name) => JSON.parse(readFileSync(join(UI, 'src/i18n', name), 'utf8'));
const catalogs = { 'zh-CN': load('zh-CN.json'), en: load('en.json') };

function sources(dir = join(UI, 'src')) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|html)$/.test(entry.name) && entry.name !== 'bindings.ts' ? [path] : [];
  });
}

/** The union members of `export type Name = "a" | "b";` in the generated bindings. */
function unionLiterals(name) {
  const bindings = readFileSync(join(UI, 'src/bindings.ts'), 'utf8');
  const match = bindings.match(new RegExp(`export type ${name} = ([^;]+);`));
  assert.ok(match, `type ${name} not found in src/bindings.ts`);
  return [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

test('both catalogs have exactly the same keys', () => {
  const zh = Object.keys(catalogs['zh-CN']);
  const en = Object.keys(catalogs.en);
  assert.deepEqual(en.filter((k) => !zh.includes(k)), [], 'keys in en.json missing from zh-CN.json');
  assert.deepEqual(zh.filter((k) => !en.includes(k)), [], 'keys in zh-CN.json missing from en.json');
});

test('no catalog value is empty and every value is a string', () => {
  for (const [locale, catalog] of Object.entries(catalogs)) {
    for (const [key, value] of Object.entries(catalog)) {
      assert.equal(typeof value, 'string', `${locale}.json: "${key}" is not a string`);
      assert.ok(value.trim().length > 0, `${locale}.json: "${key}" is empty`);
    }
  }
});

test('placeholders match between the languages', () => {
  const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [key, zh] of Object.entries(catalogs['zh-CN'])) {
    assert.deepEqual(names(catalogs.en[key] ?? ''), names(zh), `placeholders differ for "${key}"`);
  }
});

test('Chinese texts are Chinese and English texts are not', () => {
  // Brand and language names are deliberately identical or foreign; in Chinese a date and a time
  // are simply put side by side, so that entry is placeholders only.
  const exempt = new Set(['app.product', 'time.date']);
  for (const [key, zh] of Object.entries(catalogs['zh-CN'])) {
    if (exempt.has(key)) continue;
    assert.match(zh, /[\u3400-\u9fff]/, `zh-CN.json: "${key}" has no Chinese text`);
    assert.doesNotMatch(catalogs.en[key], /[\u3400-\u9fff]/, `en.json: "${key}" contains Chinese text`);
  }
});

test('every key the sources reference exists in both catalogs', () => {
  const patterns = [
    /\bt\(\s*['"`]([^'"`$]+)['"`]/g,
    /\btIn\(\s*[\w.]+\s*,\s*['"`]([^'"`$]+)['"`]/g,
    /\bsetTitle\(\s*['"`]([^'"`$]+)['"`]/g,
    /data-i18n="([^"]+)"/g,
  ];
  let found = 0;
  for (const file of sources()) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const [, key] of text.matchAll(pattern)) {
        found += 1;
        for (const [locale, catalog] of Object.entries(catalogs)) {
          assert.ok(key in catalog, `${file.slice(UI.length)} uses "${key}", missing from ${locale}.json`);
        }
      }
    }
  }
  assert.ok(found > 20, `only ${found} key references found; the scanner is probably broken`);
});

test('every Service has a title and a description', () => {
  const services = unionLiterals('Service');
  assert.ok(services.length >= 4, 'expected the four kiosk services in bindings.ts');
  for (const service of services) {
    for (const part of ['title', 'desc']) {
      for (const [locale, catalog] of Object.entries(catalogs)) {
        assert.ok(`service.${service}.${part}` in catalog, `${locale}.json lacks "service.${service}.${part}"`);
      }
    }
  }
});

test('every ErrorCode and Availability the UI can meet has its text', () => {
  for (const code of unionLiterals('ErrorCode')) {
    for (const [locale, catalog] of Object.entries(catalogs)) {
      assert.ok(`error.${code}` in catalog, `${locale}.json lacks "error.${code}"`);
    }
  }
  for (const availability of unionLiterals('Availability').filter((a) => a !== 'available')) {
    for (const [locale, catalog] of Object.entries(catalogs)) {
      const key = `kiosk.badge.${availability}`;
      assert.ok(key in catalog, `${locale}.json lacks "${key}"`);
    }
  }
});
