// One clock stream per browser, however many tabs: one tab holds it and relays its events to
// the others, which show only their own zones at their own interval. Under HTTP/1.1 a browser
// opens six connections to a host at most, so nine tabs with a stream each could not load.
// The tests count the server's streams, so each has a server of its own.
import { type BrowserContext, type Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { ownPort, OwnServer } from '../support/server';
import { chooseZones } from '../pages/reports-page';
import { secondsBetween, wallTime, WorldClockPage } from '../pages/world-clock-page';

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the stream is shared by the hydrated pages');
});

/** A tab: its cities (card name, zone) and its interval in seconds. */
interface TabPlan {
  cities: [string, string][];
  sec: number;
}

const tabs: TabPlan[] = [
  { cities: [['Seoul', 'Asia/Seoul'], ['London', 'Europe/London']], sec: 1 },
  { cities: [['Kathmandu', 'Asia/Kathmandu']], sec: 2 },
  { cities: [['UTC', 'UTC'], ['Seoul', 'Asia/Seoul']], sec: 5 },
  { cities: [['New York', 'America/New_York']], sec: 1 },
  { cities: [['Lord Howe', 'Australia/Lord_Howe']], sec: 2 },
  { cities: [['St Johns', 'America/St_Johns'], ['London', 'Europe/London']], sec: 1 },
  { cities: [['Kolkata', 'Asia/Kolkata']], sec: 5 },
  { cities: [['Paris', 'Europe/Paris']], sec: 1 },
  { cities: [['Sao Paulo', 'America/Sao_Paulo'], ['UTC', 'UTC']], sec: 2 },
];

interface OpenTab {
  plan: TabPlan;
  page: Page;
  clocks: WorldClockPage;
}

async function openTabs(context: BrowserContext, server: OwnServer, plans: TabPlan[]): Promise<OpenTab[]> {
  const opened: OpenTab[] = [];
  for (const plan of plans) {
    const page = await context.newPage();
    const clocks = new WorldClockPage(page);
    const cities = plan.cities.map(([, zone]) => zone).join(',');
    await page.goto(`${server.baseURL}/?cities=${cities}&sec=${plan.sec}`);
    await clocks.waitForHydration();
    await clocks.waitForLive();
    opened.push({ plan, page, clocks });
  }
  return opened;
}

/** Each card of the tab shows its zone's time, by the browser's own Intl, within its interval. */
async function expectRightTimes(tab: OpenTab): Promise<void> {
  for (const [city, zone] of tab.plan.cities) {
    const shown = await tab.clocks.shownDateTime(city);
    const behind = secondsBetween(shown, wallTime(zone, new Date()));
    expect(behind, `${city} every ${tab.plan.sec} s: shown ${shown}`).toBeGreaterThanOrEqual(0);
    expect(behind, `${city} every ${tab.plan.sec} s: shown ${shown}`).toBeLessThanOrEqual(tab.plan.sec + 1);
  }
}

/** Waits until the tab's first card shows a new time. */
async function expectTick(tab: OpenTab, timeout: number): Promise<void> {
  const [city] = tab.plan.cities[0];
  const before = await tab.clocks.shownDateTime(city);
  await expect.poll(() => tab.clocks.shownDateTime(city), { timeout, message: `${city} ticks` }).not.toBe(before);
}

/** In the page: records each time the first card's <time datetime> is written, and when. */
function recordTicks() {
  const seen: { at: number; value: string }[] = [];
  const time = document.querySelector('article time')!;
  new MutationObserver(() => seen.push({ at: Date.now(), value: time.getAttribute('datetime')! })).observe(time, {
    attributes: true,
    attributeFilter: ['datetime'],
  });
  (window as unknown as { ticks: typeof seen }).ticks = seen;
}

async function recordedTicks(page: Page): Promise<{ at: number; value: string }[]> {
  return page.evaluate(() => (window as unknown as { ticks: { at: number; value: string }[] }).ticks);
}

async function expectStreams(server: OwnServer, count: number): Promise<void> {
  await expect.poll(() => server.metric('sse_streams_active'), { timeout: 5000 }).toBe(count);
}

test('nine tabs share one stream, hand it over, and leave none behind', async ({ context }, testInfo) => {
  test.setTimeout(90_000);
  const server = new OwnServer(ownPort(testInfo.parallelIndex, 5));
  await server.start();
  try {
    const open = await openTabs(context, server, tabs);
    await expectStreams(server, 1);
    // Every tab ticks, with the right times, while the server holds one stream.
    for (const tab of open) {
      await expectTick(tab, tab.plan.sec * 1000 + 2000);
      await expectRightTimes(tab);
    }
    for (let sample = 0; sample < 5; sample += 1) {
      expect(await server.metric('sse_streams_active')).toBe(1);
      await open[0].page.waitForTimeout(300);
    }

    // One tab holds the stream; the others listen.
    const holding = [];
    for (const tab of open) if (await tab.clocks.holdsSharedStream()) holding.push(tab);
    expect(holding).toHaveLength(1);
    const holder = holding[0];
    const listeners = open.filter((tab) => tab !== holder);
    for (const tab of listeners) {
      await expect(tab.clocks.streamRole()).toHaveText('This tab listens to the stream another tab holds');
    }

    // The holder closes: another tab takes over, every tab keeps ticking, none shows a time
    // twice, and no tab waits much longer than its interval.
    for (const tab of listeners) await tab.page.evaluate(recordTicks);
    const closedAt = Date.now();
    await holder.page.close();
    await listeners[0].page.waitForTimeout(7000);
    for (const tab of listeners) {
      const ticks = await recordedTicks(tab.page);
      const values = ticks.map((tick) => tick.value);
      expect(values.length, `${tab.plan.cities[0][0]} ticked after the handoff`).toBeGreaterThan(0);
      expect(new Set(values).size, `${tab.plan.cities[0][0]}: ${values.join(' ')}`).toBe(values.length);
      expect([...values].sort(), 'in order').toEqual(values);
      const times = [closedAt, ...ticks.map((tick) => tick.at)];
      const longestGap = Math.max(...times.slice(1).map((at, index) => at - times[index]));
      expect(longestGap, `${tab.plan.cities[0][0]} every ${tab.plan.sec} s`).toBeLessThanOrEqual(tab.plan.sec * 1000 + 2000);
      await expectRightTimes(tab);
      await expect(tab.clocks.status).toHaveText('live');
    }
    const newHolders = [];
    for (const tab of listeners) if (await tab.clocks.holdsSharedStream()) newHolders.push(tab);
    expect(newHolders).toHaveLength(1);
    await expectStreams(server, 1);

    // A tab changes its cities; the others keep their own.
    const changer = listeners[listeners.length - 1];
    await changer.clocks.addCity.fill('auckl');
    await changer.clocks.addCity.press('Enter');
    await expect(changer.clocks.card('Auckland, New Zealand')).toBeVisible();
    const auckland = await changer.clocks.shownDateTime('Auckland, New Zealand');
    expect(Math.abs(secondsBetween(wallTime('Pacific/Auckland', new Date()), auckland))).toBeLessThanOrEqual(3);
    for (const tab of listeners) {
      if (tab === changer) continue;
      await expect(tab.clocks.cards).toHaveCount(tab.plan.cities.length);
      await expect(tab.clocks.card('Auckland, New Zealand')).toHaveCount(0);
      await expectTick(tab, tab.plan.sec * 1000 + 2000);
      await expectRightTimes(tab);
    }
    await expectStreams(server, 1);

    // The reports page works beside them.
    const reports = await context.newPage();
    await reports.goto(`${server.baseURL}/reports`);
    await expect(reports.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await chooseZones(reports, ['Europe/London']);
    await reports.getByLabel('From year').fill('2026');
    await reports.getByLabel('To year').fill('2026');
    await reports.getByRole('button', { name: 'Start report' }).click();
    await expect(reports.getByRole('status')).toHaveText('Complete: 2 transitions.', { timeout: 15_000 });
    await reports.close();

    // Every tab closed: no stream left.
    for (const tab of listeners) await tab.page.close();
    await expectStreams(server, 0);
  } finally {
    await server.stop();
  }
});

test('without Web Locks the tabs elect a holder over the channel, and hand it over', async ({ context }, testInfo) => {
  test.setTimeout(60_000);
  // As on `http://` at a LAN address, which is no secure context: no navigator.locks.
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
  });
  const server = new OwnServer(ownPort(testInfo.parallelIndex, 6));
  await server.start();
  try {
    const open = await openTabs(context, server, tabs.slice(0, 4));
    expect(await open[0].page.evaluate(() => 'locks' in navigator && navigator.locks !== undefined)).toBe(false);
    await expectStreams(server, 1);
    for (const tab of open) {
      await expectTick(tab, tab.plan.sec * 1000 + 2000);
      await expectRightTimes(tab);
    }
    const holding = [];
    for (const tab of open) if (await tab.clocks.holdsSharedStream()) holding.push(tab);
    expect(holding).toHaveLength(1);
    const listeners = open.filter((tab) => tab !== holding[0]);

    for (const tab of listeners) await tab.page.evaluate(recordTicks);
    const closedAt = Date.now();
    await holding[0].page.close();
    await listeners[0].page.waitForTimeout(7000);
    for (const tab of listeners) {
      const ticks = await recordedTicks(tab.page);
      const values = ticks.map((tick) => tick.value);
      expect(values.length, `${tab.plan.cities[0][0]} ticked after the handoff`).toBeGreaterThan(0);
      expect(new Set(values).size, `${tab.plan.cities[0][0]}: ${values.join(' ')}`).toBe(values.length);
      const times = [closedAt, ...ticks.map((tick) => tick.at)];
      const longestGap = Math.max(...times.slice(1).map((at, index) => at - times[index]));
      expect(longestGap, `${tab.plan.cities[0][0]} every ${tab.plan.sec} s`).toBeLessThanOrEqual(tab.plan.sec * 1000 + 2500);
      await expectRightTimes(tab);
      await expect(tab.clocks.status).toHaveText('live');
    }
    const newHolders = [];
    for (const tab of listeners) if (await tab.clocks.holdsSharedStream()) newHolders.push(tab);
    expect(newHolders).toHaveLength(1);
    await expectStreams(server, 1);

    for (const tab of listeners) await tab.page.close();
    await expectStreams(server, 0);
  } finally {
    await server.stop();
  }
});
