// What the browser receives around the page: the security headers (the nonce of the policy is
// the one the inline scripts carry, and the policy is enforced), the bundle precompressed and
// kept for a year, so a repeat visit downloads the page alone.
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { WorldClockPage } from '../pages/world-clock-page';

test('a page carries the security headers, and its inline scripts the policy’s nonce', async ({ page }) => {
  const response = await page.goto('/?cities=Asia/Seoul');
  expect(response?.status()).toBe(200);
  const headers = await response!.allHeaders();
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['permissions-policy']).toContain('camera=()');
  expect(headers['cache-control']).toBe('no-cache');
  expect(headers['content-encoding']).toBe('br');
  const policy = headers['content-security-policy'];
  expect(policy).toMatch(/^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9_-]{22}' 'wasm-unsafe-eval'; style-src 'self';/);
  const nonce = /'nonce-([^']+)'/.exec(policy)![1];
  const html = await response!.text();
  const inline = [...html.matchAll(/<script(?![^>]* src=)([^>]*)>/g)].map((match) => match[1]);
  expect(inline.length).toBeGreaterThanOrEqual(2);
  for (const attributes of inline) expect(attributes).toContain(`nonce="${nonce}"`);
});

test('the policy is enforced: a script without the nonce does not run', async ({ page, javaScriptEnabled, browserProblems }) => {
  test.skip(!javaScriptEnabled, 'the probe script is inserted by JavaScript');
  browserProblems.allow(/script-src|Content Security Policy/, 'the test inserts a script the policy must refuse');
  await page.goto('/');
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'document.body.dataset.injected = "ran"';
    document.body.append(script);
  });
  await expect.poll(() => browserProblems.recorded().some((problem) => problem.kind === 'csp-violation')).toBe(true);
  expect(await page.locator('body').getAttribute('data-injected')).toBeNull();
});

/**
 * Each response of `page` by URL, with the bytes it took on the wire (headers included) as
 * Chromium counts them: 0 for one taken from the cache without asking the server.
 */
async function watchTransfers(page: Page): Promise<Map<string, Transfer>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const transfers = new Map<string, Transfer>();
  const byRequest = new Map<string, Transfer>();
  cdp.on('Network.responseReceived', (event) => {
    const transfer: Transfer = {
      url: event.response.url,
      status: event.response.status,
      encoding: event.response.headers['content-encoding'] ?? event.response.headers['Content-Encoding'],
      cacheControl: event.response.headers['cache-control'] ?? event.response.headers['Cache-Control'],
      bytes: 0,
    };
    byRequest.set(event.requestId, transfer);
    transfers.set(event.response.url, transfer);
  });
  cdp.on('Network.loadingFinished', (event) => {
    const transfer = byRequest.get(event.requestId);
    if (transfer) transfer.bytes = event.encodedDataLength;
  });
  return transfers;
}

interface Transfer {
  url: string;
  status: number;
  encoding: string | undefined;
  cacheControl: string | undefined;
  bytes: number;
}

const total = (transfers: Map<string, Transfer>) => [...transfers.values()].reduce((sum, transfer) => sum + transfer.bytes, 0);

/** The WASM modules fetched so far: the main module and any lazy chunk. */
const wasmModules = (transfers: Map<string, Transfer>) =>
  [...transfers.values()].filter((transfer) => /\/pkg\/worldclock\.[0-9a-f]{16}\.wasm$/.test(transfer.url));

/** Each of `files` was sent precompressed with brotli and may be kept a year. */
function expectPrecompressedAndKept(files: Transfer[]) {
  for (const file of files) {
    expect(file.encoding, file.url).toBe('br');
    expect(file.cacheControl, file.url).toBe('public, max-age=31536000, immutable');
  }
}

test('the bundle is sent precompressed and kept, so a repeat visit downloads the page alone', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the bundle loads only to hydrate');
  const clocks = new WorldClockPage(page);
  const transfers = await watchTransfers(page);
  await clocks.goto();
  await clocks.waitForHydration();
  const bundle = [...transfers.values()].filter((transfer) => /\/pkg\/worldclock\.[0-9a-f]{16}\.(js|wasm|css)$/.test(transfer.url));
  // The stylesheet, the JS glue and the loader of the lazy chunks it imports, and one WASM
  // module: the reports page's chunk is not downloaded by a visitor of the clocks.
  expect(bundle.map((transfer) => transfer.url.split('.').pop()).sort()).toEqual(['css', 'js', 'js', 'wasm']);
  expectPrecompressedAndKept(bundle);
  const wasm = bundle.find((transfer) => transfer.url.endsWith('.wasm'))!;
  await expect.poll(() => wasm.bytes).toBeGreaterThan(0);
  const first = total(transfers);

  transfers.clear();
  await clocks.goto();
  await clocks.waitForHydration();
  const site = [...transfers.values()].filter((transfer) => !new URL(transfer.url).pathname.startsWith('/api/'));
  for (const transfer of site) {
    const path = new URL(transfer.url).pathname;
    if (path === '/') expect(transfer.bytes, 'the page itself').toBeGreaterThan(1000);
    // Immutable: taken from the cache without asking the server.
    else if (path.startsWith('/pkg/')) expect(transfer.bytes, path).toBe(0);
    // Revalidated: a 304, headers and no body.
    else expect(transfer.bytes, path).toBeLessThan(1024);
  }
  const html = site.find((transfer) => new URL(transfer.url).pathname === '/')!;
  const repeat = total(transfers);
  console.log(`first visit ${first} bytes (the WASM ${wasm.bytes}); repeat visit ${repeat} bytes (the page ${html.bytes})`);
  expect(repeat).toBeLessThan(first / 10);
});

test('the reports page loads its own WASM chunk, precompressed and kept, before it hydrates', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the chunk loads only to hydrate');
  const transfers = await watchTransfers(page);
  await page.goto('/reports');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  // The bundle the clocks load, and the reports page's code, cut from it by wasm-split.
  const modules = wasmModules(transfers);
  // The main module and the page's chunk, with any chunk it shares with other lazy code
  // (wasm-split cuts code two lazy functions use into a chunk of its own).
  expect(modules.length).toBeGreaterThanOrEqual(2);
  expectPrecompressedAndKept(modules);
});

test('a card’s form loads its code on the first press: a chunk, precompressed and kept', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the forms need the hydrated page');
  const clocks = new WorldClockPage(page);
  const transfers = await watchTransfers(page);
  await clocks.goto('?cities=seoul-kr&sec=1');
  await clocks.waitForHydration();
  const wasm = () => wasmModules(transfers);
  const [main] = wasm();
  expect(wasm()).toHaveLength(1);
  await clocks.renameButton('Seoul, South Korea').click();
  await expect(page.getByLabel('Name for Seoul, South Korea')).toBeFocused();
  const chunks = wasm().filter((transfer) => transfer.url !== main.url);
  expect(chunks.length).toBeGreaterThanOrEqual(1);
  expectPrecompressedAndKept(chunks);
});

test('the stream inspector loads its panel’s code when first opened', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the panel’s code loads only in the hydrated page');
  const clocks = new WorldClockPage(page);
  const transfers = await watchTransfers(page);
  await clocks.goto('?cities=Asia/Seoul&sec=1');
  await clocks.waitForHydration();
  const wasm = () => wasmModules(transfers);
  expect(wasm()).toHaveLength(1);
  await page.getByText('Stream inspector').click();
  await expect(page.getByRole('table').getByRole('row').nth(1)).toContainText('UPDATE');
  await expect.poll(() => wasm().length).toBeGreaterThanOrEqual(2);
  expectPrecompressedAndKept(wasm());
});
