// What a visitor downloads and waits for: `/` visited with an empty cache, then again in
// the same context once the first load settled (what the HTTP cache saves), with the time
// from navigation to first paint, first contentful paint, hydrated and `live`.
import { setTimeout as sleep } from 'node:timers/promises';

import { freshContext } from './chromium.mjs';
import { NetworkLedger } from './network_ledger.mjs';
import { recordProblems, waitUntilLive } from './page_state.mjs';

/** A load has settled when no request but the event stream did anything for this long. */
const QUIET_MS = 1_000;
/** A page that never quietens is measured anyway after this long. */
const SETTLE_LIMIT_MS = 15_000;

/**
 * In the page, from its first script on: when (ms since navigation start, the clock of the
 * paint entries) <body> got `data-hydrated` and the status badge first said `live`.
 */
function recordMilestones() {
  const milestones = {};
  window.__benchMilestones = milestones;
  const observer = new MutationObserver(() => {
    const now = performance.now();
    if (milestones.hydrated === undefined && document.body?.dataset.hydrated === 'true') {
      milestones.hydrated = now;
    }
    if (
      milestones.live === undefined &&
      document.querySelector('.status__badge')?.textContent.trim() === 'live'
    ) {
      milestones.live = now;
    }
    if (milestones.hydrated !== undefined && milestones.live !== undefined) observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** In the page: the paint entries, the HTML's arrival and the milestones, in ms. */
function readTimings() {
  const paints = Object.fromEntries(
    performance.getEntriesByType('paint').map((entry) => [entry.name, entry.startTime]),
  );
  const [navigation] = performance.getEntriesByType('navigation');
  return {
    html: navigation?.responseEnd,
    firstPaint: paints['first-paint'],
    firstContentfulPaint: paints['first-contentful-paint'],
    hydrated: window.__benchMilestones?.hydrated,
    live: window.__benchMilestones?.live,
  };
}

async function settle(ledger) {
  const deadline = performance.now() + SETTLE_LIMIT_MS;
  while (ledger.quietFor() < QUIET_MS && performance.now() < deadline) await sleep(100);
}

/** Navigates to `url`, waits until live and settled; the visit's bytes and timings. */
async function visit(page, ledger, url) {
  ledger.startVisit();
  await page.goto(url);
  await waitUntilLive(page);
  await settle(ledger);
  return { network: ledger.summary(), timings: await page.evaluate(readTimings) };
}

/** One run: a fresh context, the first visit of `/`, then the repeat visit. */
export async function measureVisits({ browser, baseURL, problems }) {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    recordProblems(page, problems);
    await page.addInitScript(recordMilestones);
    const cdp = await context.newCDPSession(page);
    const ledger = new NetworkLedger(cdp);
    await ledger.enable();
    const first = await visit(page, ledger, `${baseURL}/`);
    const repeat = await visit(page, ledger, `${baseURL}/`);
    return { first, repeat };
  } finally {
    await context.close();
  }
}
