// What an open tab costs: main-thread time per tick (task, script, layout, style) of the
// world-clock page at sec=1, from Chromium's own counters (CDP `Performance.getMetrics`)
// read twice a window apart, divided by the ticks the page showed in between; the window
// and the counters are the floor's too (floor.mjs).
import { setTimeout as sleep } from 'node:timers/promises';

import { freshContext } from './chromium.mjs';
import { recordProblems, waitUntilLive } from './page_state.mjs';

/** The city sets issue 18 measures, each the page's `cities` parameter. */
export const CITY_SETS = {
  1: ['Asia/Seoul'],
  // The default page's six.
  6: [
    'America/Los_Angeles',
    'America/New_York',
    'Europe/London',
    'Asia/Kolkata',
    'Asia/Tokyo',
    'Australia/Sydney',
  ],
  // 24 distinct zones, the most a page holds.
  24: [
    'UTC',
    'Europe/London',
    'Europe/Paris',
    'Europe/Athens',
    'Europe/Moscow',
    'Asia/Dubai',
    'Asia/Karachi',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Asia/Dhaka',
    'Asia/Bangkok',
    'Asia/Shanghai',
    'Asia/Tokyo',
    'Australia/Adelaide',
    'Australia/Sydney',
    'Pacific/Auckland',
    'Pacific/Honolulu',
    'America/Anchorage',
    'America/Los_Angeles',
    'America/Denver',
    'America/Chicago',
    'America/New_York',
    'America/Sao_Paulo',
    'Atlantic/Azores',
  ],
};

/** The counters read, by the name the report gives them. */
const COUNTERS = {
  task: 'TaskDuration',
  script: 'ScriptDuration',
  layout: 'LayoutDuration',
  style: 'RecalcStyleDuration',
  // The rest of the tasks' time, outside script, layout and style: painting above all.
  other: 'TaskOtherDuration',
  // The main thread's CPU time: task time less the waits (for the compositor, for a core on a
  // busy machine), so a figure that moves with the machine's load can be told from the page's.
  cpu: 'ThreadTime',
};
/** Ticks let pass after `live` before the window: hydration's tail and the first tick stay out. */
const SETTLE_TICKS = 2;
/**
 * Where in the interval the window starts and ends: the middle of a second, so a tick's
 * work is never cut in two by a reading (ticks land on whole seconds at sec=1).
 */
const OFFSET_AFTER_TICK_MS = 400;

/** The page's path for a set of zones, one tick a second. */
export function tickPath(zones) {
  return `/?cities=${zones.join(',')}&sec=1`;
}

/**
 * In the page: counts the changes of the first card's `<time>` text, one per tick at
 * sec=1 (the text has seconds). A MutationObserver costs the page a callback per tick,
 * microseconds against the milliseconds measured.
 */
export function installTickCounter() {
  const time = document.querySelector('article time');
  if (!time) throw new Error('no <time> in a card');
  const counter = { ticks: 0, last: time.textContent };
  new MutationObserver(() => {
    if (time.textContent !== counter.last) {
      counter.last = time.textContent;
      counter.ticks += 1;
    }
  }).observe(time, { characterData: true, childList: true, subtree: true });
  window.__benchTicks = counter;
}

/** Chromium's cumulative main-thread counters of the page, in milliseconds. */
async function readCounters(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const byName = new Map(metrics.map(({ name, value }) => [name, value]));
  const counters = {};
  for (const [label, name] of Object.entries(COUNTERS)) {
    if (!byName.has(name)) throw new Error(`Performance.getMetrics has no ${name}`);
    counters[label] = byName.get(name) * 1000;
  }
  return counters;
}

const ticksSoFar = (page) => page.evaluate(() => window.__benchTicks.ticks);

/** Waits (polling the page) until its tick count passes `count`. */
async function waitForTick(page, count) {
  await page.waitForFunction((after) => window.__benchTicks.ticks > after, count, {
    timeout: 30_000,
    polling: 20,
  });
}

/**
 * A page in a fresh context with its CDP session, Chromium's counters on and the CPU slowed
 * `throttle` times from the first byte (a phone's CPU: the page loads slowed down too).
 * The caller closes `context`.
 */
export async function instrumentedPage({ browser, throttle, problems }) {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    recordProblems(page, problems);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    return { context, page, cdp };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * The window, once the page counts its ticks in `window.__benchTicks.ticks`: lets
 * SETTLE_TICKS pass, reads the counters mid-interval and again `windowSeconds` later, and
 * divides by the ticks in between. Every tick row, the page's and the floor's, is this.
 */
export async function countersPerTick({ page, cdp, windowSeconds }) {
  for (let settled = 0; settled < SETTLE_TICKS; settled += 1) {
    await waitForTick(page, settled);
  }
  await sleep(OFFSET_AFTER_TICK_MS);

  const ticksBefore = await ticksSoFar(page);
  const before = await readCounters(cdp);
  const started = performance.now();
  await sleep(windowSeconds * 1000);
  const after = await readCounters(cdp);
  const elapsedSeconds = (performance.now() - started) / 1000;
  const ticks = (await ticksSoFar(page)) - ticksBefore;
  if (ticks === 0) throw new Error(`no tick shown in ${windowSeconds} s`);

  const perTick = {};
  for (const label of Object.keys(COUNTERS)) perTick[label] = (after[label] - before[label]) / ticks;
  return { ticks, elapsedSeconds, perTick };
}

/**
 * One measurement: `zones` at sec=1 in a fresh context, the CPU slowed `throttle` times,
 * counters read `windowSeconds` apart. Returns per-tick milliseconds and the tick count.
 */
export async function measureTicks({ browser, baseURL, zones, throttle, windowSeconds, problems }) {
  const { context, page, cdp } = await instrumentedPage({ browser, throttle, problems });
  try {
    await page.goto(`${baseURL}${tickPath(zones)}`);
    await waitUntilLive(page);
    const cards = await page.locator('article').count();
    if (cards !== zones.length) throw new Error(`${zones.length} cities asked, ${cards} cards shown`);
    // As a visitor leaves it: the stream inspector's events table closed.
    if (await page.evaluate(() => document.querySelector('details.inspector')?.open ?? false)) {
      throw new Error('the stream inspector is open');
    }
    await page.evaluate(installTickCounter);
    const measured = await countersPerTick({ page, cdp, windowSeconds });
    return { cities: zones.length, throttle, ...measured };
  } finally {
    await context.close();
  }
}
