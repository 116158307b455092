// Shared harness for the browser tests: a static server for the built studio (dist/), a mock
// Hugging Face Hub that serves test/fixtures/hub/{repo}/{file} at /{repo}/resolve/{rev}/{file},
// and headless Chromium (Debian's, or the one CHROME_PATH names) through playwright-core with WebGPU enabled.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { makeFixtures } from '../../scripts/make-fixtures.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** SMS Spam Collection v.1, as bundled with the studio (provenance: public/samples/README.md). */
export const smsPath = path.join(root, 'public/samples/sms_spam.csv');

/** Generates the Hub fixtures if they are missing or stale (a no-op, in milliseconds, when up to date). */
export const ensureFixtures = () => makeFixtures();

const MIME = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.csv': 'text/csv', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.txt': 'text/plain', '.map': 'application/json', '.bin': 'application/octet-stream',
  '.safetensors': 'application/octet-stream',
};

function sendFile(res, file, extraHeaders = {}) {
  const stat = fs.statSync(file);
  res.writeHead(200, {
    'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': stat.size,
    ...extraHeaders,
  });
  fs.createReadStream(file).pipe(res);
}

/**
 * Serves dist/ on one port and the mock Hub on another (a different origin, as the real Hub is).
 * `hub.online = false` cuts the Hub: every request is refused, as with no network.
 * `hub.requests` records the paths asked for, so a test can prove something came from a cache.
 */
export async function startServers({ distDir = path.join(root, 'dist'), hubDir = path.join(root, 'test/fixtures/hub') } = {}) {
  const app = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(distDir, decodeURIComponent(url.pathname));
    if (!file.startsWith(distDir)) { res.writeHead(403).end(); return; }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(distDir, 'index.html');
    sendFile(res, file, {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'credentialless',
      'Cache-Control': 'no-store',
    });
  });
  const hub = { online: true, requests: [] };
  const hubServer = http.createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Content-Length, ETag' };
    if (!hub.online) { req.socket.destroy(); return; }
    hub.requests.push(req.url);
    const m = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!m) { res.writeHead(404, cors).end('not found'); return; }
    const [, repo, , file] = m;
    const full = path.join(hubDir, repo, file);
    if (!full.startsWith(hubDir) || !fs.existsSync(full)) { res.writeHead(404, cors).end('Entry not found'); return; }
    sendFile(res, full, cors);
  });
  await Promise.all([
    new Promise((r) => app.listen(0, '127.0.0.1', r)),
    new Promise((r) => hubServer.listen(0, '127.0.0.1', r)),
  ]);
  return {
    url: `http://127.0.0.1:${app.address().port}/`,
    hubUrl: `http://127.0.0.1:${hubServer.address().port}`,
    hub,
    async close() {
      await Promise.all([new Promise((r) => app.close(r)), new Promise((r) => hubServer.close(r))]);
    },
  };
}

const CHROMIUM_ENV = ['CHROME_PATH', 'CHROMIUM_PATH'];
// Debian's real binary first (/usr/bin/chromium is a wrapper script), then other distributions' and macOS's.
const CHROMIUM_PLACES = [
  '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable', '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The browser the tests drive: $CHROME_PATH or $CHROMIUM_PATH when set, else the first usual place that has one. */
function findChromium() {
  for (const name of CHROMIUM_ENV) {
    const p = process.env[name];
    if (!p) continue;
    if (!fs.existsSync(p)) return { error: `${name}=${p}, but there is no such file: point it to a Chromium or Chrome executable.` };
    return { path: p };
  }
  const found = CHROMIUM_PLACES.find((p) => fs.existsSync(p));
  if (found) return { path: found };
  return {
    error: `No Chromium for the browser tests. Install one (Debian/Ubuntu: sudo apt-get install chromium) or set `
      + `CHROME_PATH to a Chromium or Chrome executable. Looked in: ${CHROMIUM_PLACES.join(', ')}.`,
  };
}

const chromiumFound = findChromium();
export const chromiumPath = chromiumFound.path;
/** Why no browser can be launched, or undefined when one can. */
export const chromiumMissing = chromiumFound.error;

export const launchArgs = [
  '--enable-unsafe-webgpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** A fresh browser with an empty profile. */
export async function launchBrowser() {
  if (chromiumMissing) throw new Error(chromiumMissing);
  return chromium.launch({ executablePath: chromiumPath, args: launchArgs });
}

/** A browser with a fixed profile folder, so IndexedDB and Cache Storage survive closing and reopening. */
export async function launchPersistent(userDataDir) {
  if (chromiumMissing) throw new Error(chromiumMissing);
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath, args: launchArgs, headless: true, acceptDownloads: true,
  });
}

/** Collects page errors and console errors so a test can assert there were none. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return errors;
}

/** Saves a screenshot under test-results/ (and, when asked, docs/ for the README). */
export async function screenshot(page, name, { docs = false } = {}) {
  const dir = path.join(root, docs ? 'docs' : 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, name), fullPage: true });
}
