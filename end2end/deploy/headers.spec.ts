// The response headers through nginx: HSTS from its TLS server and never over plain HTTP,
// the instances' security headers and compression passed through untouched, and the page
// hydrating over HTTP/2 without a single policy violation (the shared fixture checks that).
import { expect, test } from '../support/fixtures';
import { Stack } from './stack';

test.describe.configure({ mode: 'serial' });

let stack: Stack;

test.beforeAll(async () => {
  stack = new Stack();
  await stack.start();
});

test.afterAll(async () => {
  await stack?.stop();
});

test('HSTS on the TLS server only; the instances’ headers pass through', async ({ request }) => {
  const secure = await request.get(`${stack.httpsURL}/`, { headers: { 'accept-encoding': 'br' } });
  expect(secure.status()).toBe(200);
  const headers = secure.headers();
  expect(headers['strict-transport-security']).toBe('max-age=63072000');
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]{22}' 'wasm-unsafe-eval'/);
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['content-encoding']).toBe('br');

  const plain = await request.get(`${stack.httpURL}/`);
  expect(plain.status()).toBe(200);
  expect(plain.headers()['strict-transport-security']).toBeUndefined();
  expect(plain.headers()['content-security-policy']).toContain("frame-ancestors 'none'");

  // nginx's own answers carry HSTS too.
  const refused = await request.get(`${stack.httpsURL}/metrics`);
  expect(refused.status()).toBe(403);
  expect(refused.headers()['strict-transport-security']).toBe('max-age=63072000');
});

test('the page hydrates over HTTP/2 and TLS under its policy', async ({ page }) => {
  const response = await page.goto(`${stack.httpsURL}/?cities=Asia/Seoul`);
  expect(response?.status()).toBe(200);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByRole('status')).toHaveText('live');
});
