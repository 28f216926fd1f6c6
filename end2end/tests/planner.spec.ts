// The planner: a moment in the URL (`at=`), rendered by the server at first paint, held
// without a stream, and left with "Now". Every planned time is checked against the
// browser's own zone data (Intl), not against values written here.
import { expect, test } from '../support/fixtures';
import { abbreviation, wallTime, WorldClockPage } from '../pages/world-clock-page';

const CITIES = 'seoul-kr,london-gb,new-york-city-us,kathmandu-np';
const ZONES: [string, string][] = [
  ['Seoul, South Korea', 'Asia/Seoul'],
  ['London, United Kingdom', 'Europe/London'],
  ['New York City, United States', 'America/New_York'],
  ['Kathmandu, Nepal', 'Asia/Kathmandu'],
];

test('a shared URL with at shows every city at that moment, marked planned', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  const at = '2027-03-14T15:00Z';
  await clocks.goto(`?cities=${CITIES}&sec=1&at=${at}`);
  await expect(clocks.cards).toHaveCount(4);
  await expect(clocks.plannedBanner).toContainText('Planned');
  await expect(clocks.plannedBanner).toContainText('Sun, 14 Mar 2027, 15:00 UTC');
  for (const [city, zone] of ZONES) {
    expect(await clocks.shownDateTime(city), city).toBe(wallTime(zone, new Date(at)));
  }
  await expect(clocks.card('London, United Kingdom')).toContainText(abbreviation('Europe/London', new Date(at)));
  await expect(page.locator('.grid--planned')).toHaveCount(1);
  await expect(clocks.status).toHaveText('planned');
});

test('a planned page holds no clock stream and its clocks stay put', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the stream is opened by the hydrated page');
  const streams: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/clock/stream')) streams.push(request.url());
  });
  const clocks = new WorldClockPage(page);
  const at = '2027-10-31T00:30Z';
  await clocks.goto(`?cities=Europe/London&sec=1&at=${at}`);
  await clocks.waitForHydration();
  await page.waitForTimeout(1500);
  expect(streams).toEqual([]);
  expect(await clocks.shownDateTime('London')).toBe(wallTime('Europe/London', new Date(at)));
  await expect(clocks.status).toHaveText('planned');
});

test('"Now" goes back to the live clocks', async ({ page, javaScriptEnabled }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto(`?cities=london-gb,Asia/Seoul&sec=1&at=2027-03-14T15:00Z`);
  if (javaScriptEnabled) await clocks.waitForHydration();
  await clocks.nowLink.click();
  await expect(page).toHaveURL(/\?cities=london-gb,Asia\/Seoul&sec=1$/);
  await expect(clocks.plannedBanner).toHaveCount(0);
  if (javaScriptEnabled) await clocks.waitForLive();
  else await expect(clocks.status).toHaveText('connecting');
  const drift = async () => {
    const shown = await clocks.shownDateTime('Seoul');
    return Math.abs(Date.parse(`${wallTime('Asia/Seoul', new Date())}Z`) - Date.parse(`${shown}Z`));
  };
  await expect.poll(drift).toBeLessThanOrEqual(3000);
});

test('back and forward restore a planned moment', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'history entries made in the page need the hydrated page');
  const clocks = new WorldClockPage(page);
  const at = '2027-03-14T15:00Z';
  await clocks.goto(`?cities=Europe/London&sec=1&at=${at}`);
  await clocks.waitForHydration();
  await clocks.nowLink.click();
  await clocks.waitForLive();
  await page.goBack();
  await expect(clocks.status).toHaveText('planned');
  await expect.poll(() => clocks.shownDateTime('London')).toBe(wallTime('Europe/London', new Date(at)));
});

test('a bad at shows the live page and a notice saying why', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=Asia/Seoul&sec=1&at=2027-02-30T15:00Z');
  await expect(clocks.alert).toContainText('“2027-02-30T15:00Z” is not a moment we can plan for');
  await expect(clocks.alert).toContainText('names no real date and time');
  await expect(clocks.plannedBanner).toHaveCount(0);
  const shown = await clocks.shownDateTime('Seoul');
  const drift = Math.abs(Date.parse(`${wallTime('Asia/Seoul', new Date())}Z`) - Date.parse(`${shown}Z`));
  expect(drift).toBeLessThanOrEqual(3000);
});

/** `HH:MM` in `zone` at `instant`, by Intl. */
function hourMinute(zone: string, instant: Date): string {
  return wallTime(zone, instant).slice(11, 16);
}

test('each card has an hour strip on one shared axis, the planned hour marked', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  const at = '2027-03-14T15:20Z';
  await clocks.goto(`?cities=${CITIES}&sec=1&at=${at}`);
  const columns = await Promise.all(ZONES.map(([city]) => clocks.stripCells(city).evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))));
  for (const hrefs of columns) {
    expect(hrefs).toHaveLength(25);
    expect(hrefs).toEqual(columns[0]);
  }
  const hour = new Date('2027-03-14T15:00Z');
  for (const [city, zone] of ZONES) {
    await expect(clocks.momentCell(city), city).toHaveCount(1);
    await expect(clocks.momentCell(city), city).toContainText(hourMinute(zone, hour));
    expect(await clocks.momentCell(city).getAttribute('href')).toContain('at=2027-03-14T15:00Z');
  }
  // Kathmandu's cells read :45 (UTC+05:45); the kinds are said in words, not colour alone.
  await expect(clocks.momentCell('Kathmandu, Nepal')).toContainText(/:45/);
  await expect(clocks.momentCell('Seoul, South Korea')).toContainText(/night|off hours|working hours|weekend/);
  // Seoul's midnight falls in the strip: the cell names the new local date.
  const midnight = new Date('2027-03-14T15:00Z');
  const seoulDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Seoul', weekday: 'short', day: 'numeric', month: 'short' })
    .format(new Date(midnight.getTime() + 3600_000));
  await expect(clocks.strip('Seoul, South Korea')).toContainText(seoulDay.replace(',', ''));
});

test('a strip cell says its hour and its kind to a screen reader, from no positioned box', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  // Monday 15 March 2027, 13:00 in London: working hours, off hours and night in the strips.
  await clocks.goto(`?cities=${CITIES}&sec=1&at=2027-03-15T13:00Z`);
  await expect(clocks.cards).toHaveCount(4);
  // The name Chromium gives a screen reader, from its own accessibility tree.
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const words = { working: ', working hours', off: ', off hours', night: ', night', weekend: ', weekend' };
  let kinds = 0;
  for (const [kind, said] of Object.entries(words)) {
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: `.strip__cell--${kind} .strip__link` });
    for (const nodeId of nodeIds.slice(0, 3)) {
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
      const name = nodes[0].name?.value ?? '';
      // Its hour, then its kind in words.
      expect(name, kind).toMatch(/\d{2}/);
      expect(name, kind).toContain(said);
    }
    if (nodeIds.length > 0) kinds += 1;
  }
  expect(kinds, 'kinds of hour found').toBeGreaterThanOrEqual(3);
  // The words are hidden without a positioned box: each one was a paint layer that Chromium
  // walked on every tick, about 600 of them with 24 cities.
  const positioned = await page.locator('.strip').evaluateAll((strips) =>
    strips.flatMap((strip) => [...strip.querySelectorAll('*')]).filter((element) => getComputedStyle(element).position !== 'static').length,
  );
  expect(positioned).toBe(0);
});

test('a strip shows the clock change where it happens (London, 28 March 2027)', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=london-gb&sec=1&at=2027-03-28T01:00Z');
  const before = abbreviation('Europe/London', new Date('2027-03-28T00:59Z'));
  const after = abbreviation('Europe/London', new Date('2027-03-28T01:00Z'));
  expect([before, after]).toEqual(['GMT', 'BST']);
  await expect(clocks.momentCell('London, United Kingdom')).toContainText(`${before} → ${after}, 1 h skipped`);
  await expect(clocks.momentCell('London, United Kingdom')).toContainText(hourMinute('Europe/London', new Date('2027-03-28T01:00Z')));
  await expect(clocks.card('London, United Kingdom')).toContainText(after);
});

test('a click on a strip cell plans that instant', async ({ page, javaScriptEnabled }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=london-gb,Asia/Tokyo&sec=1&at=2027-06-01T12:00Z');
  if (javaScriptEnabled) await clocks.waitForHydration();
  const cells = clocks.stripCells('Tokyo');
  await cells.nth(15).click();
  const planned = '2027-06-01T15:00Z';
  await expect(page).toHaveURL(new RegExp(`at=${planned}$`));
  await expect.poll(() => clocks.shownDateTime('Tokyo')).toBe(wallTime('Asia/Tokyo', new Date(planned)));
  await expect(clocks.momentCell('London, United Kingdom')).toContainText(hourMinute('Europe/London', new Date(planned)));
});

/** Whether a city in `zone` is inside 09:00–17:00 on a Monday-to-Friday at `instant`, by
 * Intl (the moments below are chosen on Tuesdays and Wednesdays, working days everywhere
 * here, so the country's weekend does not enter). */
function working(zone: string, instant: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  const weekday = parts.find((p) => p.type === 'weekday')!.value;
  return !['Sat', 'Sun'].includes(weekday) && hour >= 9 && hour < 17;
}

test('the page says how many cities are in working hours', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  const at = '2027-03-16T08:00Z';
  await clocks.goto(`?cities=${CITIES}&sec=1&at=${at}`);
  const expected = ZONES.filter(([, zone]) => working(zone, new Date(at))).length;
  await expect(clocks.workingCount).toHaveText(`${expected} of 4 cities are in working hours at this moment.`);
  await expect(clocks.workingCount).toHaveAttribute('aria-live', 'polite');
});

test('"Find a time" plans the first moment everyone works', async ({ page, javaScriptEnabled }) => {
  const clocks = new WorldClockPage(page);
  const at = '2027-03-16T20:00Z';
  await clocks.goto(`?cities=london-gb,Europe/Berlin&sec=1&at=${at}`);
  if (javaScriptEnabled) await clocks.waitForHydration();
  await expect(clocks.planning).toContainText('Everyone is in working hours from');
  await clocks.findTime.click();
  await expect(page).toHaveURL(/at=2027-03-\d\dT\d\d:\d\dZ$/);
  const found = new Date(new URL(page.url()).searchParams.get('at')!);
  expect(found.getTime()).toBeGreaterThan(Date.parse(at));
  for (const zone of ['Europe/London', 'Europe/Berlin']) expect(working(zone, found), zone).toBe(true);
  // Fifteen minutes earlier, someone was not yet working: it is the first such moment.
  const before = new Date(found.getTime() - 15 * 60_000);
  expect(['Europe/London', 'Europe/Berlin'].every((zone) => working(zone, before))).toBe(false);
  await expect(clocks.workingCount).toHaveText('2 of 2 cities are in working hours at this moment.');
});

test('"Find a time" says when no time suits every city, and the best one', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto(`?cities=${CITIES}&sec=1&at=2027-03-16T08:00Z`);
  await expect(clocks.planning).toContainText(/No time in the next two weeks suits all 4 cities; the best, \d of 4, is /);
  const href = await clocks.findTime.getAttribute('href');
  const found = new Date(new URL(href!, 'http://x').searchParams.get('at')!);
  const best = ZONES.filter(([, zone]) => working(zone, found)).length;
  // Said on the first card's clock (Seoul's), by Intl.
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Seoul', weekday: 'short', day: 'numeric', month: 'short' })
    .format(found)
    .replace(',', '');
  await expect(clocks.planning).toContainText(
    `the best, ${best} of 4, is ${day} ${hourMinute('Asia/Seoul', found)} in Seoul, South Korea.`,
  );
  expect(best).toBeLessThan(4);
});

test('"Add to calendar" downloads the moment as a calendar file', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto(`?cities=seoul-kr,london-gb&sec=1&at=2027-03-14T15:00Z`);
  await clocks.calendarLength.selectOption({ label: '30 min' });
  const [download] = await Promise.all([page.waitForEvent('download'), clocks.addToCalendar.click()]);
  const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  const start = new Date('2027-03-14T15:00Z');
  const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  expect(text).toContain(`DTSTART:${stamp(start)}`);
  expect(text).toContain(`DTEND:${stamp(new Date(start.getTime() + 30 * 60_000))}`);
  expect(text).toContain('Seoul');
  expect(text).toContain('London');
  expect(download.suggestedFilename()).toBe(`worldclock-${stamp(start)}.ics`);
});

test('the keyboard slider moves the moment across a clock change', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the slider is the hydrated page’s');
  const snapshots: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/snapshot')) snapshots.push(request.url());
  });
  const clocks = new WorldClockPage(page);
  const london = 'London, United Kingdom';
  await clocks.goto('?cities=london-gb,Asia/Seoul&sec=1&at=2027-03-28T00:30Z');
  await clocks.waitForHydration();
  const dayText = (zone: string, instant: Date) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short' }).format(instant).replace(',', '');
  const expectMoment = async (iso: string) => {
    const instant = new Date(iso);
    await expect(page).toHaveURL(new RegExp(`at=${iso}$`));
    await expect(clocks.slider).toHaveAttribute('aria-valuenow', String(instant.getTime() / 1000));
    await expect(clocks.slider).toHaveAttribute(
      'aria-valuetext',
      `${dayText('Europe/London', instant)}, ${hourMinute('Europe/London', instant)} in ${london}`,
    );
    await expect.poll(() => clocks.shownDateTime(london)).toBe(wallTime('Europe/London', instant));
    await expect.poll(() => clocks.shownDateTime('Seoul')).toBe(wallTime('Asia/Seoul', instant));
    await expect(clocks.card(london)).toContainText(abbreviation('Europe/London', instant));
  };
  await clocks.slider.focus();
  await page.keyboard.press('ArrowRight');
  await expectMoment('2027-03-28T00:45Z');
  await page.keyboard.press('ArrowRight');
  await expectMoment('2027-03-28T01:00Z');
  await expect(clocks.card(london)).toContainText('BST');
  await expect(clocks.momentCell(london)).toContainText('GMT → BST, 1 h skipped');
  await page.keyboard.press('PageUp');
  await expectMoment('2027-03-28T02:00Z');
  await page.keyboard.press('ArrowDown');
  await expectMoment('2027-03-28T01:45Z');
  await page.keyboard.press('PageDown');
  await expectMoment('2027-03-28T00:45Z');
  await expect(clocks.card(london)).toContainText('GMT');
  // Every move so far stayed inside the plan the page had: nothing was asked again.
  expect(snapshots).toEqual([]);
  await page.keyboard.press('Home');
  await expectMoment('2027-03-27T12:00Z');
  // The run is one history entry: back returns to the moment before it.
  await page.goBack();
  await expectMoment('2027-03-28T00:30Z');
});

test('at 390 px the strips scroll inside their cards, not the page sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const clocks = new WorldClockPage(page);
  await clocks.goto(`?cities=${CITIES}&sec=1&at=2027-03-14T15:00Z`);
  await expect(clocks.strip('Seoul, South Korea')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const strip = await clocks.strip('Seoul, South Korea').evaluate((s) => [s.scrollWidth, s.clientWidth]);
  expect(strip[0]).toBeGreaterThan(strip[1]);
});

const TYPED_CITIES = 'seoul-kr,london-gb,new-york-city-us';
const TYPED_ZONES: [string, string][] = ZONES.slice(0, 3);

test('typing a time for one city plans it, and every card follows', async ({ page, javaScriptEnabled }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto(`?cities=${TYPED_CITIES}&sec=1`);
  if (javaScriptEnabled) await clocks.waitForHydration();
  // Live, the fields start at the first card's date now (Seoul's, by Intl).
  await expect(clocks.typedCity).toHaveValue('seoul-kr');
  await expect(clocks.typedDate).toHaveValue(wallTime('Asia/Seoul', new Date()).slice(0, 10));
  // The next 30 March from now, 09:30 in London.
  const year = new Date().getUTCFullYear() + 1;
  const date = `${year}-03-30`;
  await clocks.typeTime('london-gb', date, '09:30');
  await expect(page).toHaveURL(new RegExp(`^[^?]*\\?cities=${TYPED_CITIES}&sec=1&at=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ$`));
  const at = clocks.plannedAt();
  expect(wallTime('Europe/London', at)).toBe(`${date}T09:30:00`);
  for (const [city, zone] of TYPED_ZONES) {
    await expect.poll(() => clocks.shownDateTime(city), city).toBe(wallTime(zone, at));
  }
  // The fields now show the planned moment in the city chosen.
  await expect(clocks.typedCity).toHaveValue('seoul-kr');
  await expect(clocks.typedTime).toHaveValue(wallTime('Asia/Seoul', at).slice(11, 16));
});

test('a typed time inside the plan is worked out in the page, without the server', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the page works the time out itself only once hydrated');
  const asked: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/snapshot') || request.isNavigationRequest()) asked.push(request.url());
  });
  const clocks = new WorldClockPage(page);
  await clocks.goto(`?cities=${TYPED_CITIES}&sec=1&at=2027-03-28T12:00Z`);
  await clocks.waitForHydration();
  asked.length = 0;
  await clocks.typeTime('new-york-city-us', '2027-03-30', '09:30');
  await expect(page).toHaveURL(/at=/);
  await expect.poll(() => wallTime('America/New_York', clocks.plannedAt())).toBe('2027-03-30T09:30:00');
  const at = clocks.plannedAt();
  for (const [city, zone] of TYPED_ZONES) {
    await expect.poll(() => clocks.shownDateTime(city), city).toBe(wallTime(zone, at));
  }
  expect(asked).toEqual([]);
});

test('a typed time the clocks skip moves forward by the gap (London, 28 March 2027)', async ({ page, javaScriptEnabled }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto(`?cities=${TYPED_CITIES}&sec=1&at=2027-03-27T12:00Z`);
  if (javaScriptEnabled) await clocks.waitForHydration();
  await expect(clocks.typedForm).toContainText('moves on by the gap');
  await clocks.typeTime('london-gb', '2027-03-28', '01:30');
  await expect(page).toHaveURL(/at=/);
  await expect.poll(() => wallTime('Europe/London', clocks.plannedAt())).toBe('2027-03-28T02:30:00');
  const at = clocks.plannedAt();
  // 01:30 never showed in London that night: an hour earlier the clocks read 00:30 GMT.
  expect(wallTime('Europe/London', new Date(at.getTime() - 3600_000))).toBe('2027-03-28T00:30:00');
  expect(abbreviation('Europe/London', at)).toBe('BST');
  await expect(clocks.card('London, United Kingdom')).toContainText('BST');
  for (const [city, zone] of TYPED_ZONES) {
    await expect.poll(() => clocks.shownDateTime(city), city).toBe(wallTime(zone, at));
  }
});

test('a typed time for a city nobody knows gives a notice, not a broken page', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=london-gb&sec=1&in=atlantis&date=2027-03-30&time=09:30');
  await expect(clocks.alert).toContainText('The typed time was not planned: “atlantis” is not a city or time zone we know');
  await expect(clocks.cards).toHaveCount(1);
  await expect(clocks.plannedBanner).toHaveCount(0);
});

test('dragging along a strip moves the moment column by column, in one history entry', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'dragging is the hydrated page’s');
  const clocks = new WorldClockPage(page);
  const london = 'London, United Kingdom';
  const start = '2027-06-01T12:00Z';
  await clocks.goto(`?cities=london-gb,Asia/Tokyo,new-york-city-us&sec=1&at=${start}`);
  await clocks.waitForHydration();
  const entries = await page.evaluate(() => history.length);
  await clocks.momentCell(london).scrollIntoViewIfNeeded();
  const cell = (await clocks.momentCell(london).boundingBox())!;
  const [x, y] = [cell.x + cell.width / 2, cell.y + cell.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let step = 1; step <= 6; step++) await page.mouse.move(x + (step * cell.width) / 2, y + step);
  await page.mouse.up();
  // Three columns to the right: three hours later, in every card.
  const planned = new Date(Date.parse(start) + 3 * 3600_000);
  await expect(page).toHaveURL(new RegExp(`at=${planned.toISOString().slice(0, 16)}Z$`));
  for (const [city, zone] of [[london, 'Europe/London'], ['Tokyo', 'Asia/Tokyo'], ['New York City, United States', 'America/New_York']]) {
    await expect.poll(() => clocks.shownDateTime(city), city).toBe(wallTime(zone, planned));
  }
  await expect(clocks.momentCell(london)).toContainText(hourMinute('Europe/London', planned));
  expect(await page.evaluate(() => history.length)).toBe(entries + 1);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`at=${start}$`));
  await expect.poll(() => clocks.shownDateTime(london)).toBe(wallTime('Europe/London', new Date(start)));
  // A plain click on a cell still plans its hour.
  await clocks.stripCells('Tokyo').nth(14).click();
  await expect(page).toHaveURL(/at=2027-06-01T14:00Z$/);
});

test('live, each card has a strip around now, and a click there starts planning', async ({ page, javaScriptEnabled }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=london-gb,Asia/Tokyo,kathmandu-np&sec=1');
  if (javaScriptEnabled) await clocks.waitForHydration();
  await expect(clocks.plannedBanner).toHaveCount(0);
  const hour = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
  const columns = await Promise.all(
    ['London, United Kingdom', 'Tokyo', 'Kathmandu, Nepal'].map((city) =>
      clocks.stripCells(city).evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href)),
    ),
  );
  for (const hrefs of columns) {
    expect(hrefs).toHaveLength(25);
    expect(hrefs).toEqual(columns[0]);
  }
  // The current UTC hour is the marked column, in the middle, and says "now".
  expect(columns[0][12]).toContain(`at=${hour.toISOString().slice(0, 16)}Z`);
  for (const [city, zone] of [['London, United Kingdom', 'Europe/London'], ['Tokyo', 'Asia/Tokyo'], ['Kathmandu, Nepal', 'Asia/Kathmandu']]) {
    await expect(clocks.momentCell(city), city).toContainText(hourMinute(zone, hour));
    await expect(clocks.momentCell(city), city).toContainText('now');
  }
  // Three hours on: planned, every card at that instant.
  await clocks.stripCells('Tokyo').nth(15).click();
  const planned = new Date(hour.getTime() + 3 * 3600_000);
  await expect(page).toHaveURL(new RegExp(`at=${planned.toISOString().slice(0, 16)}Z$`));
  await expect(clocks.plannedBanner).toContainText('Planned');
  for (const [city, zone] of [['London, United Kingdom', 'Europe/London'], ['Tokyo', 'Asia/Tokyo'], ['Kathmandu, Nepal', 'Asia/Kathmandu']]) {
    await expect.poll(() => clocks.shownDateTime(city), city).toBe(wallTime(zone, planned));
  }
  await expect(clocks.momentCell('Tokyo')).not.toContainText('now');
});

test('removing a city from a planned page keeps the moment', async ({ page, javaScriptEnabled }) => {
  const clocks = new WorldClockPage(page);
  const at = '2027-03-14T15:00Z';
  await clocks.goto(`?cities=london-gb,Asia/Tokyo&sec=1&at=${at}`);
  if (javaScriptEnabled) await clocks.waitForHydration();
  await clocks.removeButton('London, United Kingdom').click();
  // The form's address encodes `/` and `:`; what it says is the same.
  await expect.poll(() => new URL(page.url()).searchParams.get('cities')).toBe('Asia/Tokyo');
  expect(new URL(page.url()).searchParams.get('at')).toBe(at);
  await expect(clocks.cards).toHaveCount(1);
  await expect(clocks.plannedBanner).toContainText('Planned');
  await expect.poll(() => clocks.shownDateTime('Tokyo')).toBe(wallTime('Asia/Tokyo', new Date(at)));
});
