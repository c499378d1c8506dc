// A reader's first search, timed in Chromium: `node bench/search.mjs <base URL> <words>`.
//
// Opens the home page, waits for hydration, types the words one key at a time as a reader
// would (60 ms apart), and waits until the page settles. Prints one JSON line:
//   ms       from the last keystroke to the last change of the page's main element
//   bytes    brotli bytes of every response the search fetched (each body compressed with
//            brotli at quality 11, as a host that serves brotli would send it: Chromium asks
//            plain-HTTP hosts for gzip only, so the transfer sizes it reports are not brotli)
//   raw      uncompressed bytes of the same responses
//   requests how many there were
// Run from the repository root; Playwright comes from end2end/node_modules.
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const [base, words] = process.argv.slice(2);
if (!base || !words) {
  console.error('usage: node bench/search.mjs <base URL> <words>');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
  const fetched = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'fetch') fetched.push(response);
  });
  // The page notes the time of each keystroke and of each change to the list.
  await page.evaluate(() => {
    window.__quireKey = 0;
    window.__quireChange = 0;
    addEventListener('keydown', () => (window.__quireKey = performance.now()), true);
    new MutationObserver(() => (window.__quireChange = performance.now())).observe(
      document.querySelector('main'),
      { subtree: true, childList: true, characterData: true },
    );
  });
  const box = page.getByRole('searchbox', { name: 'Search posts' });
  await box.click();
  await box.pressSequentially(words, { delay: 60 });
  // Settled: no request in flight for 500 ms, then a little longer for the last render.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  const { key, change } = await page.evaluate(() => ({
    key: window.__quireKey,
    change: window.__quireChange,
  }));
  const ms = Math.max(0, Math.round(change - key));
  let bytes = 0;
  let raw = 0;
  for (const response of fetched) {
    const body = await response.body().catch(() => Buffer.alloc(0));
    raw += body.length;
    bytes += zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length;
  }
  console.log(JSON.stringify({ ms, bytes, raw, requests: fetched.length }));
} finally {
  await browser.close();
}
