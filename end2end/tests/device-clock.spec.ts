// How right the visitor's own clock is: after hydration the page times a few round trips to
// `/api/time`, says how far the device's clock is from the server's, and reads "now" through
// that correction; a visit within the hour of a good estimate takes it up instead, unless a
// tick shows the clock was set since. The device's clock is moved with Playwright's fake
// clock; the truth is the test runner's own clock, which is the server's (one machine).
import { type Page, type Route } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { secondsBetween, wallTime, WorldClockPage } from '../pages/world-clock-page';

/** The footer's sentence about the device's clock. */
const sentence = (page: Page) => page.getByRole('contentinfo').getByText(/Your device's clock is/);

/** Where the page keeps its estimate for the visits after. */
const KEPT_KEY = 'worldclock.deviceClock';

interface KeptOffset {
  offsetMs: number;
  uncertaintyMs: number;
  measuredAtMs: number;
}

async function keptOffset(page: Page): Promise<KeptOffset | null> {
  const text = await page.evaluate((key) => localStorage.getItem(key), KEPT_KEY);
  return text === null ? null : (JSON.parse(text) as KeptOffset);
}

/** The requests the page made to `/api/time`, as they happen. */
function timeRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/time') seen.push(request.url());
  });
  return seen;
}

/**
 * A visit of London's clock with nothing kept: the page measures (five round trips), finds
 * this machine's clock exact and keeps the estimate. Its `/api/time` requests and the page.
 */
async function measuredVisit(page: Page) {
  const asked = timeRequests(page);
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=Europe/London&sec=1');
  await clocks.waitForHydration();
  await expect(sentence(page)).toContainText('exact');
  expect(asked).toHaveLength(5);
  return { asked, clocks };
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
    const { asked, clocks } = await measuredVisit(page);
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

test.describe('a later visit', () => {
  test.beforeEach(({ javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, 'the measurement needs the hydrated page');
  });

  test('within the hour takes no samples, and says when the estimate was measured', async ({ page }) => {
    const { asked, clocks } = await measuredVisit(page);
    const kept = await keptOffset(page);
    expect(kept, 'the estimate is kept').not.toBeNull();
    expect(Math.abs(kept!.measuredAtMs - Date.now())).toBeLessThan(5000);

    await page.reload();
    await clocks.waitForHydration();
    const measuredAt = await page.evaluate((at) => {
      const date = new Date(at);
      return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
    }, kept!.measuredAtMs);
    await expect(sentence(page)).toHaveText(
      new RegExp(`^Your device's clock is exact \\(± \\d\\.\\d{1,3} s\\), as measured at ${measuredAt}\\. ?$`),
    );
    // The first ticks bear the estimate out: still no sample.
    await clocks.waitForLive();
    const before = await clocks.shownDateTime('London');
    await expect.poll(() => clocks.shownDateTime('London')).not.toBe(before);
    await page.waitForTimeout(1000);
    expect(asked, 'the second visit asked nothing').toHaveLength(5);
    expect(await keptOffset(page)).toEqual(kept);
  });

  test('over an hour after the estimate measures again', async ({ page }) => {
    const { asked, clocks } = await measuredVisit(page);
    // The estimate is made 61 minutes old.
    await page.evaluate((key) => {
      const kept = JSON.parse(localStorage.getItem(key)!);
      kept.measuredAtMs -= 61 * 60 * 1000;
      localStorage.setItem(key, JSON.stringify(kept));
    }, KEPT_KEY);

    await page.reload();
    await clocks.waitForHydration();
    await expect.poll(() => asked.length).toBe(10);
    await expect(sentence(page)).toHaveText(/^Your device's clock is exact \(± \d\.\d{1,3} s\)\. ?$/);
    const kept = await keptOffset(page);
    expect(Math.abs(kept!.measuredAtMs - Date.now()), 'kept anew').toBeLessThan(5000);
  });

  test('after the device’s clock was set, the first tick has it measured again', async ({ page }) => {
    const { asked, clocks } = await measuredVisit(page);

    // Someone sets the device's clock 90 s ahead, then loads the page again within the hour:
    // the kept estimate says "exact", and the first tick shows it is not.
    await page.clock.install({ time: Date.now() + 90_000 });
    await page.reload();
    await clocks.waitForHydration();
    await expect.poll(() => asked.length).toBe(10);
    await expect(sentence(page)).toHaveText(/^Your device's clock is [\d.]+ s ahead \(± [\d.]+ s\)\. ?$/);
    const [, ahead] = (await sentence(page).textContent())!.match(/is ([\d.]+) s ahead/)!;
    expect(Math.abs(Number(ahead) - 90)).toBeLessThan(1);
    const kept = await keptOffset(page);
    expect(Math.abs(kept!.offsetMs + 90_000)).toBeLessThan(1000);
  });
});
