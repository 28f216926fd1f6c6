// The page's stream as the server sees it: one per tab whatever the visitor does, and a
// page that notices a server restart and comes back by itself. Each test has a server of
// its own, so other tests' streams do not count.
import { expect, test } from '../support/fixtures';
import { ownPort, OwnServer } from '../support/server';
import { WorldClockPage } from '../pages/world-clock-page';

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'streams are opened by the hydrated page');
});

test('exactly one stream per tab after every change', async ({ page }, testInfo) => {
  const server = new OwnServer(ownPort(testInfo.parallelIndex, 0));
  await server.start();
  try {
    const clocks = new WorldClockPage(page);
    const expectOneStream = () => expect.poll(() => server.metric('sse_streams_active'), { timeout: 5000 }).toBe(1);
    await page.goto(`${server.baseURL}/?cities=Asia/Seoul&sec=1`);
    await clocks.waitForHydration();
    await clocks.waitForLive();
    await expectOneStream();
    await clocks.addCity.fill('london');
    await clocks.addCity.press('Enter');
    await expect(clocks.card('London, United Kingdom')).toBeVisible();
    await expectOneStream();
    await clocks.interval.selectOption('2');
    await clocks.waitForLive();
    await expectOneStream();
    await clocks.removeButton('Seoul').click();
    await expect(clocks.card('Seoul')).toHaveCount(0);
    await expectOneStream();
    await page.goBack();
    await expect(clocks.card('Seoul')).toBeVisible();
    await expectOneStream();
    await page.goto('about:blank');
    await expect.poll(() => server.metric('sse_streams_active'), { timeout: 5000 }).toBe(0);
  } finally {
    await server.stop();
  }
});

test('a server restart shows reconnecting, then live again', async ({ page, browserProblems }, testInfo) => {
  browserProblems.allow(/net::ERR_CONNECTION_REFUSED/, 'the stream reconnects while the server is down');
  const port = ownPort(testInfo.parallelIndex, 1);
  const env = { WORLDCLOCK_RETRY_MS: '500' };
  let server = new OwnServer(port, env);
  await server.start();
  try {
    const clocks = new WorldClockPage(page);
    await page.goto(`${server.baseURL}/?cities=UTC&sec=1`);
    await clocks.waitForHydration();
    await clocks.waitForLive();
    await server.stop();
    await expect(clocks.status).toHaveText('reconnecting');
    const frozen = await clocks.shownDateTime('UTC');
    server = new OwnServer(port, env);
    await server.start();
    await expect(clocks.status).toHaveText('live', { timeout: 10_000 });
    await expect.poll(() => clocks.shownDateTime('UTC'), { timeout: 3000 }).not.toBe(frozen);
  } finally {
    await server.stop();
  }
});
