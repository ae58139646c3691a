// A minimal W3C WebDriver client over fetch, plus the processes the real-window
// tests need: an Xvfb display and WebKitWebDriver, each on a free slot.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Returns a TCP port that was free a moment ago. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on the first free display number and resolves with `:N`. */
export async function startXvfb() {
  const child = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const display = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    child.on('exit', (code) => reject(new Error(`Xvfb exited with ${code} before it was ready`)));
  });
  return { display, stop: () => child.kill('SIGTERM') };
}

/** Starts WebKitWebDriver with Tauri's automation switch on. */
export async function startDriver(env) {
  const port = await freePort();
  const child = spawn('WebKitWebDriver', [`--port=${port}`], {
    env: { ...process.env, ...env, TAURI_WEBVIEW_AUTOMATION: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    try {
      const response = await fetch(`${url}/status`);
      if (response.ok) return { url, stop: () => child.kill('SIGTERM') };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error('WebKitWebDriver did not start within 10 s');
}

async function command(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) {
    const detail = json.value ? `${json.value.error}: ${json.value.message}` : JSON.stringify(json);
    throw new Error(`WebDriver ${method} ${path} failed: ${detail}`);
  }
  return json.value;
}

/** One app process driven through one WebDriver session. */
export class Session {
  static async start(driverUrl, binary, args) {
    const capabilities = {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary, args } } },
    };
    let lastError;
    // The driver occasionally loses the first request while the app starts.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const value = await command(driverUrl, 'POST', '/session', capabilities);
        return new Session(driverUrl, value.sessionId);
      } catch (error) {
        lastError = error;
        await sleep(500);
      }
    }
    throw lastError;
  }

  constructor(driverUrl, id) {
    this.base = `${driverUrl}/session/${id}`;
  }

  /** Runs `body` (a function body using `arguments`) in the page. */
  execute(body, args = []) {
    return command(this.base, 'POST', '/execute/sync', { script: body, args });
  }

  /** Runs `body` in the page and resolves with what it passes to its last argument, the callback. */
  executeAsync(body, args = []) {
    return command(this.base, 'POST', '/execute/async', { script: body, args });
  }

  /** Polls `body` until it returns a truthy value. */
  async waitFor(body, what, timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      last = await this.execute(body).catch((error) => error.message);
      if (last && !(typeof last === 'string' && last.startsWith('WebDriver'))) return last;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}; last answer: ${JSON.stringify(last)}`);
  }

  async click(selector) {
    // A screen that redraws between finding the element and clicking it leaves a stale reference:
    // the element is found again.
    for (let attempt = 1; ; attempt += 1) {
      const element = await command(this.base, 'POST', '/element', { using: 'css selector', value: selector });
      const id = Object.values(element)[0];
      try {
        await command(this.base, 'POST', `/element/${id}/click`, {});
        return;
      } catch (error) {
        if (attempt === 3 || !String(error.message).includes('stale element')) throw error;
      }
    }
  }

  /** Types `text` into the element, as a keyboard would. */
  async type(selector, text) {
    const element = await command(this.base, 'POST', '/element', { using: 'css selector', value: selector });
    const id = Object.values(element)[0];
    await command(this.base, 'POST', `/element/${id}/value`, { text });
  }

  /** A PNG of the window, as a Buffer. */
  async screenshot() {
    return Buffer.from(await command(this.base, 'GET', '/screenshot'), 'base64');
  }

  async close() {
    await command(this.base, 'DELETE', '').catch(() => {});
  }
}
