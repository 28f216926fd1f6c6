// The home page as a person meets it: with JavaScript off it shows the server's time; once
// hydrated the clock ticks and the 12/24-hour toggle works.
import { expect, test } from '@playwright/test';
import { HomePage } from '../pages/home-page';

const TWENTY_FOUR_HOUR = /^\d{2}:\d{2}:\d{2}$/;
const TWELVE_HOUR = /^\d{1,2}:\d{2}:\d{2} (AM|PM)$/;

test('first paint shows the current UTC time and date', async ({ page }) => {
  const home = new HomePage(page);
  const before = Date.now();
  await home.goto();
  await expect(page).toHaveTitle('worldclock');
  await expect(home.utcCard).toBeVisible();
  await expect(home.utcTime).toHaveText(TWENTY_FOUR_HOUR);
  const shown = await home.shownInstantMs();
  // Whole seconds, so the shown instant may be up to 1 s before the request began.
  expect(shown).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
  expect(shown).toBeLessThanOrEqual(Date.now() + 1000);
  const text = await home.utcTime.textContent();
  expect(text).toBe(new Date(shown).toISOString().slice(11, 19));
  await expect(home.utcCard.getByText(/^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d{1,2} \w+ \d{4}$/)).toBeVisible();
  await expect(home.hourCycleToggle).toHaveAttribute('aria-pressed', 'false');
});

test('without JavaScript the toggle and the clock stay as the server rendered them', async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, 'this is the server-rendered page alone');
  const home = new HomePage(page);
  await home.goto();
  const first = await home.utcTime.textContent();
  await home.hourCycleToggle.click();
  await page.waitForTimeout(1500);
  await expect(home.hourCycleToggle).toHaveAttribute('aria-pressed', 'false');
  await expect(home.utcTime).toHaveText(first!);
});

test('once hydrated the clock ticks every second', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'ticking needs the WASM');
  const home = new HomePage(page);
  await home.goto();
  await home.waitForHydration();
  const first = await home.shownInstantMs();
  await expect.poll(() => home.shownInstantMs(), { timeout: 3000 }).toBeGreaterThan(first);
  const now = Date.now();
  const shown = await home.shownInstantMs();
  expect(Math.abs(now - shown)).toBeLessThan(1500);
});

test('the 12/24-hour toggle works only after hydration', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the toggle needs the WASM');
  const home = new HomePage(page);
  await home.goto();
  await home.waitForHydration();
  await expect(home.utcTime).toHaveText(TWENTY_FOUR_HOUR);
  await home.hourCycleToggle.click();
  await expect(home.hourCycleToggle).toHaveAttribute('aria-pressed', 'true');
  await expect(home.utcTime).toHaveText(TWELVE_HOUR);
  await home.hourCycleToggle.press('Enter');
  await expect(home.hourCycleToggle).toHaveAttribute('aria-pressed', 'false');
  await expect(home.utcTime).toHaveText(TWENTY_FOUR_HOUR);
});

test('loading and using the page logs no console errors', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'console errors come from scripts');
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  const home = new HomePage(page);
  await home.goto();
  await home.waitForHydration();
  await home.hourCycleToggle.click();
  await expect(home.utcTime).toHaveText(TWELVE_HOUR);
  expect(problems).toEqual([]);
});

test('an unknown address gets a 404 page that leads home', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'home page' })).toHaveAttribute('href', '/');
});

test('the health check answers ok', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
  expect((await response.text()).trim()).toBe('ok');
});
