// examples/browser in headless Chromium as a user sees it: the page runs
// wordcount.wasm over the in-memory host, shows its stdout as it comes and
// the file it wrote. The run leaves the README's screenshot of the page.
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { openChromium } from '../tools/chromium.js';

const SCREENSHOT = fileURLToPath(new URL('../../examples/browser/screenshot.png', import.meta.url));

t.setTimeout(120_000);

t.test('the browser example counts its files, shows stdout and the CSV it wrote', async (t) => {
  const session = await openChromium();
  t.teardown(() => session.close());
  const { page } = session;
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.goto(`${session.origin}/examples/browser/index.html`);
  t.equal(await page.textContent('#route'), 'blocking calls: JSPI', 'Chromium has JSPI: the page takes that route');
  await page.fill('#notes', 'one two three\nfour\n');
  await page.click('#run');
  await page.waitForSelector('body[data-done]', { timeout: 30_000 });
  t.equal(await page.getAttribute('body', 'data-done'), '0', 'exit code 0');
  const stdout = await page.textContent('#stdout');
  t.match(stdout, /^file +lines +words +bytes\n/, 'the header line');
  t.match(stdout, /\nnotes\.txt +2 +4 +19\n/, 'notes.txt as edited: 2 lines, 4 words, 19 bytes');
  t.match(stdout, /\npoem\.txt +2 +20 +97\n/, 'poem.txt as the page holds it (no newline after its last line)');
  t.match(stdout, /\ntotal +4 +24 +116\n$/, 'the totals');
  const files = await page.textContent('#files');
  t.match(files, /^\/out\/counts\.csv\nfile,lines,words,bytes\n/, 'the CSV the module wrote, read back from the host');
  t.match(files, /\nnotes\.txt,2,4,19\n/);
  t.match(files, /\(exit code 0\)$/);
  t.same(session.pageErrors, [], 'nothing went uncaught');
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
});

t.test('without JSPI the same page runs the module in a worker, with the same output', async (t) => {
  const session = await openChromium();
  t.teardown(() => session.close());
  const { page } = session;
  await page.addInitScript(() => { delete (WebAssembly as { Suspending?: unknown }).Suspending; });
  await page.goto(`${session.origin}/examples/browser/index.html`);
  t.equal(await page.textContent('#route'), 'blocking calls: a worker with Atomics.wait');
  await page.click('#run');
  await page.waitForSelector('body[data-done]', { timeout: 30_000 });
  t.equal(await page.getAttribute('body', 'data-done'), '0');
  t.match(await page.textContent('#stdout'), /\npoem\.txt +2 +20 +97\n/);
  t.match(await page.textContent('#files'), /^\/out\/counts\.csv\nfile,lines,words,bytes\n/);
  t.same(session.pageErrors, []);
});
