// How right the visitor's own clock is: after hydration the page times a few round trips to
// `/api/time`, says how far the device's clock is from the server's, and reads "now" through
// that correction. The device's clock is moved with Playwright's fake clock; the truth is
// the test runner's own clock, which is the server's (one machine).
import { type Page, type Route } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { secondsBetween, wallTime, WorldClockPage } from '../pages/world-clock-page';

/** The footer's sentence about the device's clock. */
const sentence = (page: Page) => page.getByRole('contentinfo').getByText(/Your device's clock is/);

/** The requests the page made to `/api/time`, as they happen. */
function timeRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/time') seen.push(request.url());
  });
  return seen;
}

test('without JavaScript the page claims nothing about the device’s clock', async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, 'the measurement needs the hydrated page');
  const asked = timeRequests(page);
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=Europe/London&sec=1');
  await expect(clocks.cards).toHaveCount(1);
  await expect(page.getByRole('contentinfo')).toContainText('Times are computed by the server');
  await expect(sentence(page)).toHaveCount(0);
  expect(asked).toEqual([]);
});

test.describe('hydrated', () => {
  test.beforeEach(({ javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, 'the measurement needs the hydrated page');
  });

  test('nothing is said before the estimate, then "exact" against the real server, politely', async ({ page }) => {
    const asked = timeRequests(page);
    // The first round trip is held until the page is seen hydrated and silent.
    let releaseFirst: () => void = () => {};
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let held = false;
    await page.route('**/api/time', async (route) => {
      if (!held) {
        held = true;
        await firstHeld;
      }
      await route.continue();
    });
    const clocks = new WorldClockPage(page);
    await clocks.goto('?cities=Europe/London&sec=1');
    await clocks.waitForHydration();
    await expect.poll(() => asked.length).toBe(1);
    await expect(sentence(page)).toHaveCount(0);
    releaseFirst();

    await expect(sentence(page)).toHaveText(/^Your device's clock is exact \(± \d\.\d{1,3} s\)\. ?$/);
    // A polite live region, not an alert.
    const region = sentence(page);
    await expect(region).toHaveAttribute('aria-live', 'polite');
    await expect(region).not.toHaveAttribute('role', 'alert');
    // A handful of samples, then nothing more: no polling.
    expect(asked).toHaveLength(5);
    await page.waitForTimeout(1500);
    expect(asked).toHaveLength(5);
  });

  test('a device clock 90 s fast is said to be ahead, and the page computes from the server’s now', async ({ page }) => {
    await page.clock.install({ time: Date.now() + 90_000 });
    const clocks = new WorldClockPage(page);
    await clocks.goto('?cities=Europe/London&sec=1');
    await clocks.waitForHydration();

    await expect(sentence(page)).toHaveText(/^Your device's clock is [\d.]+ s ahead \(± [\d.]+ s\)\. ?$/);
    const [, ahead, within] = (await sentence(page).textContent())!.match(/is ([\d.]+) s ahead \(± ([\d.]+) s\)/)!;
    // The fake clock runs from the real one's timers and lags it by some tens of
    // milliseconds: the device is about 90 s ahead, as the page says, within a little more
    // than its uncertainty.
    const deviceAhead = (await page.evaluate(() => Date.now())) - Date.now();
    expect(Math.abs(deviceAhead - 90_000), `the device's clock is ${deviceAhead} ms ahead`).toBeLessThan(1000);
    expect(Math.abs(Number(ahead) - deviceAhead / 1000), `said ${ahead} s`).toBeLessThanOrEqual(Number(within) + 0.25);

    // What the page works out from "now" itself follows the server's clock: a city just
    // picked shows its time from now until the server's first word on it. The stream
    // sends no tick and the snapshot of the new city is held, so that time is the page's.
    await page.route('**/api/clock/stream**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/event-stream', body: 'retry: 600000\n\n' }),
    );
    const heldSnapshots: Route[] = [];
    await page.route('**/api/snapshot**', (route) => {
      heldSnapshots.push(route);
    });
    await clocks.addCity.fill('seo');
    await expect(clocks.suggestions.first()).toContainText('Seoul');
    await clocks.addCity.press('Enter');
    await expect(clocks.card('Seoul, South Korea')).toBeVisible();
    const shown = await clocks.shownDateTime('Seoul, South Korea');
    const serverNow = wallTime('Asia/Seoul', new Date());
    const behind = secondsBetween(shown, serverNow);
    expect(Math.abs(behind), `Seoul shows ${shown}, the server's clock ${serverNow}`).toBeLessThanOrEqual(2);
    // No tick came to replace it: the time shown is the one the page worked out.
    await page.waitForTimeout(1500);
    expect(await clocks.shownDateTime('Seoul, South Korea')).toBe(shown);
    await Promise.all(heldSnapshots.map((route) => route.continue()));
  });

  test('a tab back after a long while hidden measures again; a short absence does not', async ({ page }) => {
    await page.clock.install();
    const asked = timeRequests(page);
    const clocks = new WorldClockPage(page);
    await clocks.goto('?cities=Europe/London&sec=1');
    await clocks.waitForHydration();
    await expect(sentence(page)).toContainText('exact');
    expect(asked).toHaveLength(5);
    // The tab is hidden and shown again as a browser does it (the page's visibility and
    // its event); the fake clock carries the page's monotonic clock through the absence.
    const setHidden = (hidden: boolean) =>
      page.evaluate((hidden) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
        document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
      }, hidden);
    await setHidden(true);
    await page.clock.fastForward('02:00');
    await setHidden(false);
    await page.waitForTimeout(1500);
    expect(asked, 'two minutes away: the measurement stands').toHaveLength(5);
    await setHidden(true);
    await page.clock.fastForward('11:00');
    await setHidden(false);
    await expect.poll(() => asked.length).toBe(10);
    // Fast-forwarding moved the device's clock 13 minutes ahead of the server's, as a
    // clock that ran on through a sleep: the new measurement says so.
    await expect(sentence(page)).toContainText(/is 7\d\d\.\d+ s ahead/);
    const [, ahead, within] = (await sentence(page).textContent())!.match(/is ([\d.]+) s ahead \(± ([\d.]+) s\)/)!;
    const deviceAhead = (await page.evaluate(() => Date.now())) - Date.now();
    expect(Math.abs(Number(ahead) - deviceAhead / 1000), `said ${ahead} s`).toBeLessThanOrEqual(Number(within) + 0.25);
  });
});
