// Reports behind real nginx with two instances and plain round robin: every request of a
// report may reach either instance, and each answers from the report's id alone. Named,
// followed and downloaded in numbers; the computing instance killed midway; DELETE through
// the balancer; the /reports page through it. The stack is torn down even when a check fails.
import { expect, test } from '../support/fixtures';
import { ReportFollower, expectedIds, fetchPatiently, nameReport } from '../support/report-client';
import { Stack } from './stack';
import { chooseZones, clearZones } from '../pages/reports-page';

test.describe.configure({ mode: 'serial' });

let stack: Stack;
const followers: ReportFollower[] = [];

test.beforeAll(async () => {
  stack = new Stack();
  await stack.start();
});

test.afterAll(async () => {
  for (const follower of followers) follower.stop();
  await stack?.stop();
});

function follow(path: string): ReportFollower {
  const follower = new ReportFollower(`${stack.httpURL}${path}`).start();
  followers.push(follower);
  return follower;
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await condition()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

async function computing(): Promise<number[]> {
  return [await stack.a.metric('report_computations_running'), await stack.b.metric('report_computations_running')];
}

async function text(url: string): Promise<string> {
  const response = await fetchPatiently(url);
  expect(response.status, url).toBe(200);
  return response.text();
}

// Every zone over 50 years: about 1 s of work in a release build. Each test takes its own
// years, so no instance has its result cached already.
function everyZone(from: number): { from: number; to: number } {
  return { from, to: from + 49 };
}

const zones = [
  'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Europe/Moscow', 'America/New_York',
  'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Sao_Paulo', 'America/Santiago',
  'America/St_Johns', 'Asia/Tehran', 'Asia/Jerusalem', 'Asia/Kolkata', 'Asia/Tokyo',
  'Australia/Sydney', 'Australia/Lord_Howe', 'Australia/Adelaide', 'Pacific/Auckland', 'Pacific/Chatham',
];

test('20 reports named, followed and downloaded through nginx; both instances give the same bytes', async () => {
  const started = Date.now();
  const outcomes = await Promise.all(zones.map(async (zone, index) => {
    const report = await nameReport(stack.httpURL, { zones: [zone, zones[(index + 7) % zones.length]], from: 1980 + index, to: 2020 + index });
    const follower = follow(report.events);
    await follower.done;
    const [viaNginx, fromA, fromB, json] = [
      await text(`${stack.httpURL}${report.csv}`),
      await text(`${stack.a.url}${report.csv}`),
      await text(`${stack.b.url}${report.csv}`),
      JSON.parse(await text(`${stack.httpURL}${report.json}`)),
    ];
    return { report, follower, viaNginx, fromA, fromB, json };
  }));
  let refused = 0;
  for (const { report, follower, viaNginx, fromA, fromB, json } of outcomes) {
    expect(follower.last?.event, JSON.stringify(follower.events)).toBe('complete');
    expect(follower.events.map((event) => event.id)).toEqual(expectedIds(report.total));
    expect(follower.last?.data.csv).toBe(report.csv);
    expect(fromA).toBe(viaNginx);
    expect(fromB).toBe(viaNginx);
    expect(viaNginx.trimEnd().split('\n').length - 1).toBe(follower.last?.data.transitions);
    expect(json.length).toBe(follower.last?.data.transitions);
    refused += Object.values(follower.refusals).reduce((sum, count) => sum + count, 0);
  }
  console.log(`20 reports through nginx: complete and downloaded in ${Date.now() - started} ms, ${refused} follows refused (429) and tried again`);
  await waitFor('no computation left', async () => (await computing()).every((count) => count === 0), 5_000);
  expect(await stack.a.metric('report_streams_active')).toBe(0);
  expect(await stack.b.metric('report_streams_active')).toBe(0);
});

test('the instance computing a followed report is killed midway; the report completes the same', async () => {
  const report = await nameReport(stack.httpURL, everyZone(1980));
  const follower = follow(report.events);
  await waitFor('a first progress event', () => follower.events.length > 0, 10_000);
  const [onA, onB] = await computing();
  expect(onA + onB, 'one computation, for the one follower').toBe(1);
  const [killed, survivor] = onA === 1 ? [stack.a, stack.b] : [stack.b, stack.a];
  const seenBeforeKill = follower.events.length;
  await killed.stop('SIGKILL');
  expect(follower.last, 'killed midway, before the end').toBeUndefined();
  await follower.done;
  console.log(`killed instance ${killed.name} after ${seenBeforeKill} events; the follower reconnected ${follower.reconnects} time(s) and got ${follower.events.length} in all`);

  expect(follower.reconnects).toBeGreaterThanOrEqual(1);
  expect(follower.last?.event).toBe('complete');
  // Every checkpoint once, in order, across the move: no repeat and no gap.
  expect(follower.events.map((event) => event.id)).toEqual(expectedIds(report.total));

  // The same bytes from the survivor (its cache), and from the killed instance restarted.
  await killed.start();
  const fromSurvivor = await text(`${survivor.url}${report.csv}`);
  const fromRestarted = await text(`${killed.url}${report.csv}`);
  expect(fromRestarted).toBe(fromSurvivor);
  expect(fromSurvivor.trimEnd().split('\n').length - 1).toBe(follower.last?.data.transitions);
});

test('DELETE through nginx: 202 from both instances, and the computation stops where it runs', async () => {
  const report = await nameReport(stack.httpURL, everyZone(1970));
  const follower = follow(report.events);
  await waitFor('a first progress event', () => follower.events.length > 0, 10_000);
  // Round robin: two requests in a row reach both instances.
  const answers = [];
  for (let i = 0; i < 2; i++) {
    const response = await fetch(`${stack.httpURL}/api/reports/${report.id}`, { method: 'DELETE' });
    expect(response.status).toBe(202);
    answers.push(await response.json());
  }
  expect(answers.map((answer) => answer.stopped).sort()).toEqual([false, true]);
  await follower.done;
  expect(follower.last?.event).toBe('failed');
  expect(follower.last?.id).toBe(report.total + 1);
  expect(follower.last?.data.error).toContain('cancelled');
  await waitFor('no computation left', async () => (await computing()).every((count) => count === 0), 5_000);

  const other = report.id.replace(report.tzdata, '2019c');
  const gone = await fetch(`${stack.httpURL}/api/reports/${other}`, { method: 'DELETE' });
  expect(gone.status).toBe(410);
  expect((await gone.json()).error).toContain('start the report again');
  const unknown = await fetch(`${stack.httpURL}/api/reports/nope`, { method: 'DELETE' });
  expect(unknown.status).toBe(404);
});

test('the /reports page works through nginx: a report, its download, and cancel', async ({ page }) => {
  await page.goto(`${stack.httpURL}/reports`);
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await chooseZones(page, ['Europe/London', 'America/New_York', 'Asia/Kolkata']);
  await page.getByLabel('From year').fill('2026');
  await page.getByLabel('To year').fill('2027');
  await page.getByRole('button', { name: 'Start report' }).click();
  await expect(page.getByRole('status')).toHaveText('Complete: 8 transitions.', { timeout: 15_000 });
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(9);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'CSV' }).click();
  const file = await download;
  const csv = await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8');
  expect(csv).toContain('Europe/London,2026-10-25T01:00:00Z,+01:00,+00:00,BST,GMT');

  const kept = async () => (await stack.a.metric('report_cache_bytes')) + (await stack.b.metric('report_cache_bytes'));
  const keptBefore = await kept();
  await clearZones(page);
  const long = everyZone(1975);
  await page.getByLabel('From year').fill(String(long.from));
  await page.getByLabel('To year').fill(String(long.to));
  await page.getByRole('button', { name: 'Start report' }).click();
  await expect(page.getByRole('status')).toHaveText(/^\d+ of \d+ zones/, { timeout: 10_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toHaveText(/cancelled/);
  await waitFor('the computation stopped', async () => (await computing()).every((count) => count === 0), 5_000);
  expect(await kept(), 'stopped before the end: no result kept').toBe(keptBefore);
});
