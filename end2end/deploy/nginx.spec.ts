// worldclock behind real nginx with two instances: no buffering, failover with resume,
// graceful shutdown, and HTTP/2 for many tabs. The stack is torn down even when a check
// fails (afterAll, and the stack's stop is safe after any failure).
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { expect, test } from '../support/fixtures';
import { SseClient } from '../support/sse-client';
import { Stack } from './stack';

test.describe.configure({ mode: 'serial' });

let stack: Stack;
const clients: SseClient[] = [];

test.beforeAll(async () => {
  stack = new Stack();
  await stack.start();
});

test.afterAll(async () => {
  for (const client of clients) client.stop();
  await stack?.stop();
});

function openClients(count: number, query = 'city=UTC&sec=1'): SseClient[] {
  const opened = Array.from({ length: count }, () => new SseClient(`${stack.httpURL}/api/clock/stream?${query}`).start());
  clients.push(...opened);
  return opened;
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await condition()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

test('events pass through nginx within 100 ms of their tick: no buffering', async () => {
  const watched = openClients(4, 'city=Asia/Seoul&sec=0.5');
  await waitFor('five ticks each', () => watched.every((client) => client.ticks.length >= 6), 10_000);
  // The first tick of a stream is "now"; the rest are scheduled instants.
  const delays = watched.flatMap((client) => client.ticks.slice(1).map((tick) => tick.arrived - tick.epochMs));
  const worst = Math.max(...delays);
  console.log(`through nginx: ${delays.length} ticks, worst delay ${worst} ms`);
  expect(worst).toBeLessThan(100);
  for (const client of watched) client.stop();
});

test('killing one instance moves every client to the other within 5 s, ids consecutive', async () => {
  const watched = openClients(6);
  await waitFor('two ticks each', () => watched.every((client) => client.ticks.length >= 2), 10_000);
  const before = [await stack.a.activeStreams(), await stack.b.activeStreams()];
  expect(before[0] + before[1]).toBe(6);
  expect(Math.min(...before), 'nginx spread the clients over both instances').toBeGreaterThan(0);

  const killedAt = Date.now();
  await stack.a.stop('SIGKILL');
  const took = await waitFor('every client ticking again', () => watched.every((client) => client.ticksAfter(killedAt + 50).length >= 1), 5_000);
  console.log(`after SIGKILL: every client back within ${took} ms`);
  await waitFor('two more ticks each', () => watched.every((client) => client.ticksAfter(killedAt).length >= 3), 5_000);
  for (const client of watched) expect(client.idsAreConsecutive(), JSON.stringify(client.ticks.map((t) => t.id))).toBe(true);
  expect(watched.reduce((sum, client) => sum + client.reconnects, 0)).toBeGreaterThanOrEqual(before[0]);
  expect(await stack.b.activeStreams()).toBe(6);
  for (const client of watched) client.stop();
  await stack.a.start();
});

test('SIGTERM: the instance exits within 5 s and its clients move within the retry period', async () => {
  const watched = openClients(6);
  await waitFor('two ticks each', () => watched.every((client) => client.ticks.length >= 2), 10_000);
  // Stop whichever instance holds more of the clients.
  const [onA, onB] = [await stack.a.activeStreams(), await stack.b.activeStreams()];
  const [stopped, other] = onA >= onB ? [stack.a, stack.b] : [stack.b, stack.a];
  expect(Math.max(onA, onB)).toBeGreaterThan(0);
  const stoppedAt = Date.now();
  const exitMs = await stopped.stop('SIGTERM');
  console.log(`SIGTERM: instance exited in ${exitMs} ms`);
  expect(exitMs).toBeLessThan(5_000);
  // retry is 1 s: every client is ticking again within it (plus one tick).
  const took = await waitFor('every client ticking again', () => watched.every((client) => client.ticksAfter(stoppedAt + 50).length >= 1), 3_000);
  console.log(`after SIGTERM: every client back within ${took} ms`);
  for (const client of watched) expect(client.idsAreConsecutive()).toBe(true);
  expect(await other.activeStreams()).toBe(6);
  for (const client of watched) client.stop();
  await stopped.start();
});

test('over HTTP/2, twelve tabs of one browser are all live at once', async ({ context }) => {
  // Tabs share one stream where the browser has BroadcastChannel (docs/CONTRACT.md); this
  // test is about HTTP/2 carrying a stream per tab, as for a browser without it.
  await context.addInitScript(() => {
    delete (window as unknown as { BroadcastChannel?: unknown }).BroadcastChannel;
  });
  const pages = [];
  for (let tab = 0; tab < 12; tab++) {
    const page = await context.newPage();
    await page.goto(`${stack.httpsURL}/?cities=UTC,Asia/Seoul&sec=1`);
    pages.push(page);
  }
  for (const page of pages) {
    await expect(page.getByRole('status')).toHaveText('live', { timeout: 10_000 });
  }
  const protocol = await pages[0].evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).nextHopProtocol);
  expect(protocol).toBe('h2');
  await waitFor('12 streams on the instances', async () => (await stack.a.activeStreams()) + (await stack.b.activeStreams()) === 12, 5_000);
  // And they keep ticking: the last tab's clock moves.
  const last = pages[11].getByRole('article', { name: 'UTC', exact: true }).locator('time');
  const shown = await last.getAttribute('datetime');
  await expect.poll(() => last.getAttribute('datetime'), { timeout: 3_000 }).not.toBe(shown);
});

/** The status of a GET, over HTTP or over TLS with the run's self-signed certificate. */
function statusOf(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const done = (response: http.IncomingMessage) => { response.resume(); resolve(response.statusCode ?? 0); };
    const request = url.startsWith('https:') ? https.get(url, { rejectUnauthorized: false }, done) : http.get(url, done);
    request.on('error', reject);
  });
}

test('/metrics is not served through nginx, only on each instance', async () => {
  expect(await statusOf(`${stack.httpURL}/metrics`)).toBe(403);
  expect(await statusOf(`${stack.httpsURL}/metrics`)).toBe(403);
  // Each instance still answers on its own (loopback) port, where the operator scrapes it.
  expect(Number.isInteger(await stack.a.activeStreams())).toBe(true);
  expect(Number.isInteger(await stack.b.activeStreams())).toBe(true);
});

interface Answer { status: number; headers: http.IncomingHttpHeaders; body: string; request: http.ClientRequest }

/** A GET through nginx: for a stream, resolves at its first bytes and keeps it open. */
function open(url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
        if (response.statusCode === 200) resolve({ status: 200, headers: response.headers, body, request });
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body, request }));
    });
    request.on('error', reject);
  });
}

test('one address holds at most the streams nginx allows it; the next gets 429 in JSON', async () => {
  // The limit as shipped, read from the template (every stream location has the same).
  const template = fs.readFileSync(path.resolve(__dirname, '..', '..', 'deploy', 'nginx.conf'), 'utf8');
  const limits = [...template.matchAll(/limit_conn streams_per_address (\d+);/g)].map((match) => Number(match[1]));
  expect(limits.length).toBe(3);
  const limit = limits[0];
  expect(limits.every((each) => each === limit)).toBe(true);
  await waitFor('no stream left from earlier checks', async () => (await stack.a.activeStreams()) + (await stack.b.activeStreams()) === 0, 10_000);

  const url = `${stack.httpURL}/api/clock/stream?city=UTC&sec=3600`;
  const held: Answer[] = [];
  try {
    for (let batch = 0; batch < limit; batch += 50) {
      const count = Math.min(50, limit - batch);
      held.push(...await Promise.all(Array.from({ length: count }, () => open(url))));
    }
    expect(held.filter((answer) => answer.status === 200).length).toBe(limit);
    const refused = await open(url);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toBe('application/json');
    expect(refused.headers['retry-after']).toBe('3');
    // nginx's answer (the instances' own per-client cap is far higher), in the app's form.
    const error: string = JSON.parse(refused.body).error;
    expect(error).toContain(`already holds ${limit} streams through this site`);
    console.log(`limit_conn: ${limit} streams of one address held, the next: ${refused.status} "${error}"`);
    // The instances held every one of them: their per-client cap let nginx through.
    expect((await stack.a.activeStreams()) + (await stack.b.activeStreams())).toBe(limit);
    // Pages still load for the same address: only streams are limited.
    expect((await fetch(`${stack.httpURL}/healthz`)).status).toBe(200);
  } finally {
    for (const answer of held) answer.request.destroy();
  }
  await waitFor('every stream freed', async () => (await stack.a.activeStreams()) + (await stack.b.activeStreams()) === 0, 10_000);
  const again = await open(url);
  expect(again.status).toBe(200);
  again.request.destroy();
});
