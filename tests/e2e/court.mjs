// The central server and enrolled terminal folders for tests and benchmarks that drive real
// windows: the built `courtdesk-central`, with terminals enrolled by the built
// `courtdesk-terminal-cli`, as court IT would.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Where cargo put the binaries: CARGO_TARGET_DIR when set (relative to the root, as cargo reads
// it there), as scripts/run-app.sh also looks.
const target = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target');
export const bin = (name) => join(target, 'debug', name);

/**
 * Starts the central server on a free port; resolves with its URL, certificate fingerprint and data
 * folder. With `logFile`, its log goes to `central.log` in the data folder instead of the test's
 * standard error, for tests that scan it.
 */
export function startServer(dataDir = mkdtempSync(join(tmpdir(), 'courtdesk-e2e-central-')), { logFile = false } = {}) {
  const log = logFile ? openSync(join(dataDir, 'central.log'), 'a') : 'inherit';
  const child = spawn(bin('courtdesk-central'), ['--data-dir', dataDir, 'serve', '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', log],
  });
  return new Promise((resolveStart, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`courtdesk-central exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const url = out.match(/listening on (https:\/\/\S+)/);
      const fingerprint = out.match(/fingerprint: ([0-9a-f]{64})/);
      if (url && fingerprint) resolveStart({ child, dataDir, url: url[1], fingerprint: fingerprint[1] });
    });
  });
}

/**
 * Runs a command to completion, `input` on its standard input, and returns its standard output;
 * fails the test on a non-zero exit.
 */
export function run(command, args, input) {
  const result = spawnSync(command, args, { encoding: 'utf8', input });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/**
 * Starts the built fault proxy in front of `server`; resolves with the URL to reach the server
 * through it and `cut()` / `heal()`, which resolve once the proxy has switched.
 */
export function startFaultProxy(server) {
  const upstream = new URL(server.url).host;
  const child = spawn(bin('courtdesk-faultproxy'), [upstream], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  const count = (line) => out.split(line).length - 1;
  // Resolves once `line` has been printed more than `seen` times; the listener runs after the one
  // above, so `out` already holds the chunk.
  const printed = (line, seen) => new Promise((resolveLine) => {
    const check = () => {
      if (count(line) > seen) {
        child.stdout.off('data', check);
        resolveLine();
      }
    };
    child.stdout.on('data', check);
    check();
  });
  const command = (name) => {
    const acknowledged = printed(`ok ${name}`, count(`ok ${name}`));
    child.stdin.write(`${name}\n`);
    return acknowledged;
  };
  return printed('listening on', 0).then(() => {
    const addr = out.match(/listening on (\S+)/)[1];
    return { url: `https://${addr}`, cut: () => command('cut'), heal: () => command('heal'), stop: () => child.kill() };
  });
}

/**
 * A terminal folder with its configuration, enrolled with `server` as `mode`, reaching it at `via`
 * (the server itself, or a fault proxy in front of it); returns the config path.
 */
export function enrolledTerminal(server, mode, extraConfig = '', via = server.url) {
  const dir = mkdtempSync(join(tmpdir(), `courtdesk-e2e-${mode}-`));
  const config = join(dir, 'courtdesk.toml');
  writeFileSync(config, `mode = "${mode}"\n${extraConfig}`);
  const code = run(bin('courtdesk-central'), ['--data-dir', server.dataDir, 'enroll-code', '--court', 'court-1', '--site', 'hall-a', '--mode', mode])
    .trim()
    .split('\n')
    .pop();
  run(bin('courtdesk-terminal-cli'), [
    '--data-dir', dir, 'enroll', '--server', via, '--fingerprint', server.fingerprint, '--code', code, '--mode', mode,
  ]);
  return config;
}

/** The password of every staff account the tests create: long enough for the server's policy. */
export const STAFF_PASSWORD = 'Window-Seven-2026';

/** Creates a staff account at `server` as an administrator would, the password on standard input. */
export function addStaff(server, { username, name, role = 'clerk' }) {
  run(bin('courtdesk-central'), ['--data-dir', server.dataDir, 'staff', 'add', '--username', username, '--name', name, '--role', role], `${STAFF_PASSWORD}\n`);
}

/** Puts a party on file at `server` for the tests' court and site. */
export function addParty(server, { residentId, phone, name }) {
  run(bin('courtdesk-central'), [
    '--data-dir', server.dataDir, 'party', 'add', '--resident-id', residentId, '--phone', phone, '--name', name,
    '--court', 'court-1', '--site', 'hall-a',
  ]);
}

/** The codes the server's development SMS gateway has written for `phone`, oldest first. */
export function smsCodes(server, phone) {
  const path = join(server.dataDir, 'sms-outbox.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((message) => message.to.endsWith(phone.slice(-8)))
    .map((message) => message.code);
}

/** Signs `username` in on a desk's sign-in screen, by typing, and waits for the calling panel. */
export async function signInAtDesk(session, username) {
  await session.waitFor("return document.getElementById('sign-in-username');", 'the sign-in screen');
  await session.type('#sign-in-username', username);
  await session.type('#sign-in-password', STAFF_PASSWORD);
  await session.click('#sign-in-submit');
  await session.waitFor("return document.getElementById('desk-panel') && document.getElementById('staff-user');", `${username} signed in`, 20000);
}
