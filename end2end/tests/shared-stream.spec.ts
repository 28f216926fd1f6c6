// One clock stream per browser, however many tabs: one tab holds it and relays its events to
// the others, which show only their own zones at their own interval. Under HTTP/1.1 a browser
// opens six connections to a host at most, so nine tabs with a stream each could not load.
// The tests count the server's streams, so each has a server of its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium';
import { chromiumArgs, chromiumExecutablePath } from '../support/chromium-flags.mjs';
import { expect, test } from '../support/fixtures';
import { ownPort, OwnServer } from '../support/server';
import { chooseZones } from '../pages/reports-page';
import { secondsBetween, wallTime, WorldClockPage } from '../pages/world-clock-page';

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the stream is shared by the hydrated pages');
});

// Playwright turns the back/forward cache off by default; a visitor's browser has it, the
// tabs give their stream and lock up on `pagehide` so that a page can enter it, and one test
// here comes back from it. (A launch option, so for every test of the file.)
test.use({ launchOptions: { ...chromiumLaunchOptions, ignoreDefaultArgs: ['--disable-back-forward-cache'] } });

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

/** The one tab holding the shared stream, and the others. */
async function holderAndListeners(open: OpenTab[]): Promise<[OpenTab, OpenTab[]]> {
  const holding = [];
  for (const tab of open) if (await tab.clocks.holdsSharedStream()) holding.push(tab);
  expect(holding, 'one tab holds the stream').toHaveLength(1);
  return [holding[0], open.filter((tab) => tab !== holding[0])];
}

/**
 * What a tab recorded from `from` on: each time shown once, in order, and no gap (from `from`
 * to the first, or between two) longer than `gapMs`. Returns the longest gap between two.
 */
async function expectSteadyTicks(tab: OpenTab, from: number, gapMs: number): Promise<number> {
  const name = `${tab.plan.cities[0][0]} every ${tab.plan.sec} s`;
  const ticks = (await recordedTicks(tab.page)).filter((tick) => tick.at >= from);
  const values = ticks.map((tick) => tick.value);
  expect(values.length, `${name} ticked`).toBeGreaterThan(0);
  expect(new Set(values).size, `${name}, each time once: ${values.join(' ')}`).toBe(values.length);
  expect([...values].sort(), `${name}, in order`).toEqual(values);
  const times = [from, ...ticks.map((tick) => tick.at)];
  const gaps = times.slice(1).map((at, index) => at - times[index]);
  expect(Math.max(...gaps), `${name}: gaps ${gaps.join(' ')} ms`).toBeLessThanOrEqual(gapMs);
  return Math.max(...gaps.slice(1), 0);
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

/**
 * A Chromium of the test's own, reached over CDP with Playwright's defaults left off. Playwright
 * emulates focus in the pages it opens, which keeps each one visible, and Chromium freezes no
 * visible page; here the tabs share one window, as a person's do, and a tab behind another is
 * hidden. Its problems (console errors, uncaught exceptions) are recorded as the fixture's are.
 */
interface TabsBrowser {
  context: BrowserContext;
  /** Console errors and uncaught exceptions of its pages. */
  problems: string[];
  stop: () => Promise<void>;
}

async function chromiumWithTabs(): Promise<TabsBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'worldclock-tabs-'));
  // In a process group of its own, so that stopping it stops its helper processes too.
  const child = spawn(
    chromiumExecutablePath,
    [...chromiumArgs, '--headless=new', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let connected: Browser | undefined;
  const stop = async () => {
    await connected?.close().catch(() => {});
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
    // A helper may still be writing its last file for a moment.
    for (let attempt = 0; ; attempt += 1) {
      try {
        rmSync(profile, { recursive: true, force: true });
        break;
      } catch (error) {
        if (attempt === 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let said = '';
      child.stderr!.on('data', (chunk) => {
        said += chunk;
        const found = /DevTools listening on (ws:\/\/\S+)/.exec(said);
        if (found) resolve(found[1]);
      });
      child.once('exit', () => reject(new Error(`chromium exited: ${said}`)));
      setTimeout(() => reject(new Error(`chromium gave no DevTools address in 20 s: ${said}`)), 20_000);
    });
    connected = await chromium.connectOverCDP(endpoint, { noDefaults: true });
    const context = connected.contexts()[0];
    const problems: string[] = [];
    context.on('page', (page) => {
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
    });
    return { context, problems, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The frozen-holder test's own Chromium and server, stopped even when the test times out. */
const withOwnTabs = test.extend<{ tabsBrowser: TabsBrowser; tabsServer: OwnServer }>({
  tabsBrowser: async ({}, use) => {
    const browser = await chromiumWithTabs();
    await use(browser);
    await browser.stop();
  },
  tabsServer: async ({}, use, testInfo) => {
    const server = new OwnServer(ownPort(testInfo.parallelIndex, 7));
    await server.start();
    await use(server);
    await server.stop();
  },
});

withOwnTabs('a frozen holder is replaced within about a second, and listens once thawed', async ({ tabsBrowser, tabsServer }) => {
  test.setTimeout(60_000);
  const [browser, server] = [tabsBrowser, tabsServer];
  // Three tabs of one window ticking every second, with different cities: the last one
  // opened is the one in front, the others are hidden, as background tabs are.
  const open = await openTabs(browser.context, server, [tabs[0], tabs[3], tabs[7]]);
  await expectStreams(server, 1);
  for (const tab of open) await expectTick(tab, 3000);
  const [holder, listeners] = await holderAndListeners(open);
  expect(await holder.page.evaluate(() => document.visibilityState)).toBe('hidden');
  for (const tab of open) await tab.page.evaluate(recordTicks);

  // The browser freezes the holder, as it does a background tab: it keeps its Web Lock and
  // its stream delivers nothing. The tab in front hears the silence, asks, and takes over;
  // every listener keeps ticking, each second shown once, with no gap much over a tick.
  const lifecycle = await browser.context.newCDPSession(holder.page);
  await holder.page.evaluate(() => {
    document.addEventListener('freeze', () => document.body.setAttribute('data-froze', 'true'), { once: true });
  });
  await lifecycle.send('Page.setWebLifecycleState', { state: 'frozen' });
  const frozenAt = Date.now();
  // (Set by the page as it freezes; DevTools still reads a frozen page.)
  await expect(holder.page.locator('body')).toHaveAttribute('data-froze', 'true');
  await listeners[0].page.waitForTimeout(6000);
  const gaps: number[] = [];
  for (const tab of listeners) {
    // From a second before the freeze: the last tick before it, and every one after.
    gaps.push(await expectSteadyTicks(tab, frozenAt - 1000, 1000 + 1500));
    await expectRightTimes(tab);
    await expect(tab.clocks.status).toHaveText('live');
  }
  console.log(`shared-stream: the longest gap in a listener while the holder was frozen: ${Math.max(...gaps)} ms`);
  const [newHolder] = await holderAndListeners(listeners);
  expect(newHolder).not.toBe(holder);
  // The frozen tab's stream is closed: it heard it lost the lock, or hears it when thawed.
  // Thawed, it listens, and every tab, it too, shows each tick once.
  await lifecycle.send('Page.setWebLifecycleState', { state: 'active' });
  await expect(holder.clocks.streamRole()).toHaveText('This tab listens to the stream another tab holds');
  await expectStreams(server, 1);
  await expect(holder.clocks.status).toHaveText('live');
  await holder.page.waitForTimeout(1000);
  const thawedAt = Date.now();
  await holder.page.waitForTimeout(4000);
  for (const tab of open) {
    await expectSteadyTicks(tab, thawedAt, 1000 + 500);
    await expectRightTimes(tab);
  }
  const [stillHolding] = await holderAndListeners(open);
  expect(stillHolding).toBe(newHolder);
  expect(browser.problems).toEqual([]);
});

test.describe('the back/forward cache', () => {
  test('a tab back from the back/forward cache rejoins, holder or listener', async ({ context }, testInfo) => {
    test.setTimeout(60_000);
    const server = new OwnServer(ownPort(testInfo.parallelIndex, 8));
    await server.start();
    try {
      // Each document notes every `pageshow` and whether it came from the cache.
      await context.addInitScript(() => {
        const shows: boolean[] = [];
        (window as unknown as { shows: boolean[] }).shows = shows;
        window.addEventListener('pageshow', (event) => shows.push(event.persisted));
      });
      const open = await openTabs(context, server, [tabs[0], tabs[1]]);
      await expectStreams(server, 1);
      const [holder, listeners] = await holderAndListeners(open);
      for (const [tab, other] of [
        [listeners[0], holder],
        [holder, listeners[0]],
      ]) {
        const role = (await tab.clocks.holdsSharedStream()) ? 'holder' : 'listener';
        // Away: the tab gives the stream (or its place in the queue) up; the other ticks on.
        await tab.page.goto(`${server.baseURL}/reports`);
        await expectTick(other, other.plan.sec * 1000 + 2500);
        await expectStreams(server, 1);
        // Back, from the cache: the same document, which joins again and ticks.
        await tab.page.goBack({ waitUntil: 'commit' });
        const shows = await tab.page.evaluate(() => (window as unknown as { shows: boolean[] }).shows);
        expect(shows, `the ${role} came back from the cache`).toEqual([false, true]);
        await expectTick(tab, tab.plan.sec * 1000 + 2500);
        await expectRightTimes(tab);
        await expect(tab.clocks.status).toHaveText('live');
        await expectStreams(server, 1);
        await holderAndListeners(open);
      }
    } finally {
      await server.stop();
    }
  });
});
