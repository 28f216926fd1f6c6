// What the WASM does with the page: live ticks, choosing cities and interval, the URL as
// state, the 12/24-hour toggle, the inspector.
import { expect, test } from '../support/fixtures';
import { secondsBetween, wallTime, WorldClockPage } from '../pages/world-clock-page';

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'these need the hydrated page');
});

test('live ticks agree with the browser’s own Intl clock within one interval', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=Asia/Seoul,America/St_Johns,Australia/Lord_Howe&sec=1');
  await clocks.waitForHydration();
  await clocks.waitForLive();
  const first = await clocks.shownDateTime('Seoul');
  await expect.poll(() => clocks.shownDateTime('Seoul'), { timeout: 3000 }).not.toBe(first);
  for (const [city, zone] of [['Seoul', 'Asia/Seoul'], ['St Johns', 'America/St_Johns'], ['Lord Howe', 'Australia/Lord_Howe']]) {
    const browserSays = () => page.evaluate((zone) => {
      const parts = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
      }).formatToParts(new Date());
      const part = (type: string) => parts.find((p) => p.type === type)!.value;
      return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}`;
    }, zone);
    // The browser's clock is read before and after the card, so a tick that lands between
    // the readings is neither early nor late: the card must read between one interval
    // before the first reading and the second reading.
    const before = await browserSays();
    const shown = await clocks.shownDateTime(city);
    const after = await browserSays();
    const context = `${city}: shown ${shown}, Intl ${before} to ${after}`;
    expect(secondsBetween(shown, after), context).toBeGreaterThanOrEqual(0);
    expect(secondsBetween(shown, before), context).toBeLessThanOrEqual(1);
  }
});

test('a city is added from the picker by keyboard and removed with its button', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=Europe/London&sec=1');
  await clocks.waitForHydration();
  await expect(clocks.cards).toHaveCount(1);
  await clocks.addCity.fill('seo');
  await expect(clocks.suggestions.first()).toContainText('Seoul');
  await clocks.addCity.press('ArrowDown');
  await expect(clocks.suggestions.first()).toHaveAttribute('aria-selected', 'true');
  await clocks.addCity.press('Enter');
  await expect(clocks.card('Seoul, South Korea')).toBeVisible();
  await expect(page).toHaveURL(/cities=Europe\/London,seoul-kr&sec=1$/);
  await expect(clocks.addCity).toHaveValue('');
  const shown = await clocks.shownDateTime('Seoul, South Korea');
  expect(Math.abs(secondsBetween(wallTime('Asia/Seoul', new Date()), shown))).toBeLessThanOrEqual(2);

  // Enter with nothing highlighted takes the first match; clicking an option works too.
  await clocks.addCity.fill('kathm');
  await clocks.addCity.press('Enter');
  await expect(clocks.card('Kathmandu, Nepal')).toBeVisible();
  await clocks.addCity.fill('auckl');
  await clocks.suggestions.first().click();
  await expect(clocks.card('Auckland, New Zealand')).toBeVisible();
  // A city added in the browser gets its next clock change too.
  await expect(clocks.card('Auckland, New Zealand')).toContainText(/Clocks go (back|forward) 1 h on /);
  expect(await clocks.cityNames()).toEqual(['London', 'Seoul, South Korea', 'Kathmandu, Nepal', 'Auckland, New Zealand']);

  await clocks.removeButton('Seoul, South Korea').click();
  await expect(clocks.card('Seoul, South Korea')).toHaveCount(0);
  await expect(page).toHaveURL(/cities=Europe\/London,kathmandu-np,auckland-nz&sec=1$/);
});

test('changing the interval changes the cadence of the ticks', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=UTC&sec=1');
  await clocks.waitForHydration();
  await clocks.waitForLive();
  await clocks.interval.selectOption('2');
  await expect(page).toHaveURL(/sec=2$/);
  const seen = new Set<string>();
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    seen.add(await clocks.shownDateTime('UTC'));
    await page.waitForTimeout(100);
  }
  const times = [...seen].sort();
  // Allow the first value (the tick at "now" when the new stream opened); the rest land
  // on even seconds, two apart.
  const aligned = times.filter((time) => Number(time.slice(-2)) % 2 === 0);
  expect(aligned.length, times.join(' ')).toBeGreaterThanOrEqual(2);
  expect(times.length - aligned.length, times.join(' ')).toBeLessThanOrEqual(1);
  for (let i = 1; i < aligned.length; i++) {
    expect(secondsBetween(aligned[i - 1], aligned[i]), times.join(' ')).toBe(2);
  }
});

test('the URL keeps the selection through reload, back and forward', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=Asia/Tokyo&sec=5');
  await clocks.waitForHydration();
  await clocks.addCity.fill('Lisbon');
  await clocks.addCity.press('Enter');
  await expect(page).toHaveURL(/cities=Asia\/Tokyo,lisbon-pt&sec=5$/);
  await clocks.interval.selectOption('10');
  await expect(page).toHaveURL(/sec=10$/);

  await page.reload();
  await expect(clocks.cards).toHaveCount(2);
  await expect(clocks.interval).toHaveValue('10');

  await page.goBack();
  await expect(page).toHaveURL(/sec=5$/);
  await expect(clocks.interval).toHaveValue('5');
  await expect(clocks.cards).toHaveCount(2);
  await page.goBack();
  await expect(page).toHaveURL(/cities=Asia\/Tokyo&sec=5$/);
  await expect(clocks.cards).toHaveCount(1);
  await page.goForward();
  await expect(clocks.card('Lisbon, Portugal')).toBeVisible();
});

test('the 12/24-hour choice is remembered across reloads', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=UTC&sec=1');
  await clocks.waitForHydration();
  await expect(clocks.time('UTC')).toHaveText(/^\d{2}:\d{2}:\d{2}$/);
  await clocks.hourCycleToggle.click();
  await expect(clocks.hourCycleToggle).toHaveAttribute('aria-pressed', 'true');
  await expect(clocks.time('UTC')).toHaveText(/^\d{1,2}:\d{2}:\d{2} (AM|PM)$/);
  await page.reload();
  await clocks.waitForHydration();
  await expect(clocks.hourCycleToggle).toHaveAttribute('aria-pressed', 'true');
  await expect(clocks.time('UTC')).toHaveText(/^\d{1,2}:\d{2}:\d{2} (AM|PM)$/);
  await clocks.hourCycleToggle.press('Enter');
  await expect(clocks.time('UTC')).toHaveText(/^\d{2}:\d{2}:\d{2}$/);
});

test.describe('a visitor in Seoul', () => {
  test.use({ timezoneId: 'Asia/Seoul' });

  test('sees their own zone join the defaults, and differences from it', async ({ page }) => {
    const clocks = new WorldClockPage(page);
    await clocks.goto();
    await clocks.waitForHydration();
    await expect(clocks.card('Seoul')).toBeVisible();
    await expect(clocks.card('Seoul')).toContainText('same time as you');
    await expect(clocks.card('Tokyo')).toContainText('same time as you');
    await expect(clocks.card('Kolkata')).toContainText('3 h 30 min behind you');
    await expect(page.getByText('Your time zone: Asia/Seoul.')).toBeVisible();
  });

  test('is remembered: the next first paint shows their card, and no snapshot is asked', async ({ page, context }) => {
    const clocks = new WorldClockPage(page);
    await clocks.goto();
    await clocks.waitForHydration();
    await expect(clocks.card('Seoul')).toBeVisible();
    const cookie = (await context.cookies()).find((c) => c.name === 'zone');
    expect(cookie?.value).toBe('Asia/Seoul');
    expect(cookie?.sameSite).toBe('Lax');
    // The server's own page, before any script: the visitor's card is first.
    const html = await (await page.request.get('/')).text();
    expect(html.indexOf('>Seoul<'), html).toBeGreaterThan(-1);
    expect(html.indexOf('>Seoul<')).toBeLessThan(html.indexOf('>Los Angeles<'));
    const snapshots: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/snapshot') snapshots.push(request.url());
    });
    await clocks.goto();
    await clocks.waitForHydration();
    await clocks.waitForLive();
    await expect(clocks.card('Seoul')).toContainText('same time');
    expect(snapshots).toEqual([]);
  });

  test('sees “yesterday” where the date is behind theirs', async ({ page }) => {
    const clocks = new WorldClockPage(page);
    // Honolulu is 19 hours behind Seoul: its date is the day before until 19:00 Seoul time.
    await clocks.goto('?cities=Pacific/Honolulu,Pacific/Kiritimati&sec=1');
    await clocks.waitForHydration();
    await expect(clocks.card('Honolulu')).toContainText('19 h behind you');
    const seoulHour = Number(wallTime('Asia/Seoul', new Date()).slice(11, 13));
    if (seoulHour < 19) await expect(clocks.card('Honolulu')).toContainText('yesterday');
    else await expect(clocks.card('Honolulu')).not.toContainText('yesterday');
    await expect(clocks.card('Kiritimati')).toContainText('5 h ahead of you');
  });
});

test('the stream inspector shows the live URL and the raw events', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=Asia/Seoul,UTC&sec=1');
  await clocks.waitForHydration();
  await page.getByText('Stream inspector').click();
  await expect(page.getByRole('link', { name: '/api/clock/stream?cities=Asia/Seoul,UTC&sec=1' })).toBeVisible();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toContainText('UPDATE');
  await expect(rows.nth(1)).toContainText('"zone":');
  await expect.poll(() => rows.count(), { timeout: 12_000 }).toBe(21); // header + 20
});

test('loading and using the page logs no console errors or warnings', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=Asia/Seoul,Europe/London&sec=1');
  await clocks.waitForHydration();
  await clocks.waitForLive();
  await clocks.hourCycleToggle.click();
  await clocks.addCity.fill('paris');
  await clocks.addCity.press('Enter');
  await expect(clocks.card('Paris, France')).toBeVisible();
  await clocks.interval.selectOption('5');
  await clocks.removeButton('London').click();
  await expect(clocks.card('London')).toHaveCount(0);
  await clocks.waitForLive();
  expect(problems).toEqual([]);
});
