// What a tick costs the page, as the DOM sees it: a card's time changes and nothing else
// does (no element made or dropped, no other text rewritten), and the stream inspector takes
// events in only while it is open.
import { expect, test } from '../support/fixtures';
import { WorldClockPage } from '../pages/world-clock-page';

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'ticks need the hydrated page');
});

/** One DOM mutation: its type, the element (tag.class), its card, and the attribute. */
interface Mutation {
  type: string;
  target: string;
  card: string | null;
  attribute: string | null;
}

/** In the page: records every DOM mutation under <body> from now on. */
function recordMutations() {
  const seen: Mutation[] = [];
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      const node = mutation.target;
      const element = node instanceof Element ? node : node.parentElement;
      seen.push({
        type: mutation.type,
        target: element ? `${element.tagName.toLowerCase()}.${element.className}` : node.nodeName,
        card: element?.closest('article')?.getAttribute('aria-labelledby') ?? null,
        attribute: mutation.attributeName,
      });
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  (window as unknown as { mutations: Mutation[] }).mutations = seen;
}

test('a tick rewrites the time of each card and nothing else', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=Asia/Seoul,Europe/London,Asia/Kathmandu&sec=1');
  await clocks.waitForHydration();
  await clocks.waitForLive();
  // The first tick after hydration adds what only the browser knows (the difference).
  const first = await clocks.shownDateTime('Seoul');
  await expect.poll(() => clocks.shownDateTime('Seoul'), { timeout: 3000 }).not.toBe(first);
  // The footer's word on the device's clock is written once, when its five samples are in:
  // after that, nothing but the ticks may change.
  await expect(page.locator('.footer__device-clock')).toContainText("Your device's clock");
  await page.evaluate(recordMutations);
  // Two ticks under the recorder; every card ticks at each (one event per zone, together).
  for (let tick = 0; tick < 2; tick += 1) {
    const shown = await clocks.shownDateTime('Seoul');
    await expect.poll(() => clocks.shownDateTime('Seoul'), { timeout: 3000 }).not.toBe(shown);
  }

  const mutations = await page.evaluate(() => (window as unknown as { mutations: Mutation[] }).mutations);
  const kinds = new Set(mutations.map((m) => `${m.type} ${m.target}${m.attribute ? ` [${m.attribute}]` : ''}`));
  expect([...kinds].sort()).toEqual(['attributes time. [datetime]', 'characterData time.']);
  const ticked = new Set(mutations.filter((m) => m.type === 'characterData').map((m) => m.card));
  expect([...ticked].sort()).toEqual(['card-Asia-Kathmandu', 'card-Asia-Seoul', 'card-Europe-London']);
});

test('the stream inspector shows events only while it is open', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=Asia/Seoul,UTC&sec=1');
  await clocks.waitForHydration();
  await clocks.waitForLive();
  // The closed inspector's table is hidden, so the lookup includes hidden elements.
  const rows = page.getByRole('table', { includeHidden: true }).locator('tbody tr');
  const first = await clocks.shownDateTime('Seoul');
  await expect.poll(() => clocks.shownDateTime('Seoul'), { timeout: 3000 }).not.toBe(first);
  await expect(rows).toHaveCount(0);

  // Opened, it shows at once the events kept while it was closed, then follows the stream.
  // (Two ticks so far, two events each; the next two could not make four in under a second.)
  await page.getByText('Stream inspector').click();
  await expect.poll(() => rows.count(), { timeout: 800 }).toBeGreaterThanOrEqual(4);
  await expect(rows.first()).toContainText('UPDATE');
  const newest = await rows.first().textContent();
  await expect.poll(() => rows.first().textContent(), { timeout: 3000 }).not.toBe(newest);

  // Closed again, its rows go.
  await page.getByText('Stream inspector').click();
  await expect(rows).toHaveCount(0);
});
