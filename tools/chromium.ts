/**
 * Headless Chromium for the browser tests, the browser conformance columns,
 * the browser bench and the example's screenshot: Debian's `chromium`,
 * driven over the DevTools protocol by playwright-core (which downloads
 * nothing), and a static server on 127.0.0.1 serving the repository. Both
 * are started and stopped by whoever opens the session.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from './root.js';

/** The system browser; CHROMIUM overrides it. */
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The flags a headless Chromium needs on a machine with no network and no display. */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  // Lets a page collect its garbage before it starts workers: see conformance/browser-page.ts.
  '--js-flags=--expose-gc',
];

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json', '.json': 'application/json', '.wasm': 'application/wasm', '.css': 'text/css',
  '.png': 'image/png', '.txt': 'text/plain; charset=utf-8',
};

/** An empty page to run scripts in, at `/blank.html`. */
const BLANK = '<!doctype html><meta charset="utf-8"><title>wasi-preview1-adapter</title><body></body>';

export interface ServeOptions {
  /**
   * Serve with COOP/COEP so the page is cross-origin isolated and has
   * SharedArrayBuffer (the worker route needs it). Default true.
   */
  isolated?: boolean;
  /** The port to listen on; default 0, a free one the system picks. */
  port?: number;
}

/** A static server for `root` on 127.0.0.1 with a port the system picks. */
export async function serve(root = repoRoot, options: ServeOptions = {}): Promise<{ server: Server; origin: string }> {
  const isolated = options.isolated ?? true;
  const server = createServer((req, res) => {
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    if (isolated) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/blank.html') {
      res.writeHead(200, { ...headers, 'content-type': MIME['.html']! });
      res.end(BLANK);
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the static server has no port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

/** A browser, a page on the static server, and how to end both. */
export interface BrowserSession {
  browser: Browser;
  page: Page;
  origin: string;
  /** Errors the page raised that nothing caught, for the test to report. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openChromium(options: ServeOptions = {}): Promise<BrowserSession> {
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM)`);
  const { server, origin } = await serve(repoRoot, options);
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  } catch (err) {
    server.close();
    throw err;
  }
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${origin}/blank.html`);
  return {
    browser, page, origin, pageErrors,
    async close() {
      await browser.close().catch(() => {});
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Loads a module script into the page and waits until it has set `globalThis[name]`. */
export async function loadScript(page: Page, url: string, name: string): Promise<void> {
  await page.addScriptTag({ type: 'module', url });
  await page.waitForFunction((n) => (globalThis as Record<string, unknown>)[n] !== undefined, name);
}
