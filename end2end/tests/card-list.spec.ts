// The list made yours (issue 20): names for cards, their order, a home card and working
// hours, all in the URL. Run with JavaScript off (the server's page and its GET forms) and
// hydrated (the same edits without a reload). Differences are held against the browser's
// own zone data (Intl), not against values written here.
import type { Page } from '@playwright/test';
import { axeViolations, serverRenderedViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';
import { WorldClockPage } from '../pages/world-clock-page';

const TEAM = '*berlin-de~Anna,london-gb@0800-1600~Ben,seoul-kr,berlin-de~Chris';
const MARKUP = '<img src=x onerror=alert(1)>';

/** The zone's offset from UTC at `at`, in minutes east, by Intl. */
function offsetMinutes(zone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')!.value;
  const match = name.match(/GMT([+-])(\d{2}):(\d{2})/);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** How a card says its difference from `whom`: `1 h behind Anna`, `same time as Anna`. */
function differenceWords(zone: string, homeZone: string, whom: string): string {
  const now = new Date();
  const minutes = offsetMinutes(zone, now) - offsetMinutes(homeZone, now);
  if (minutes === 0) return `same time as ${whom}`;
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  const amount = hours === 0 ? `${rest} min` : rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  return minutes > 0 ? `${amount} ahead of ${whom}` : `${amount} behind ${whom}`;
}

/** The page's `cities` as the address says it (decoded). */
function citiesParam(page: Page): string | null {
  return new URL(page.url()).searchParams.get('cities');
}

/** Fails the test if the page ever opens a dialog (an `alert(1)` that ran). */
function forbidDialogs(page: Page): void {
  page.on('dialog', (dialog) => {
    void dialog.dismiss();
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
}

test('a shared URL shows the names, order, home and hours at first paint', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto(`?cities=${encodeURIComponent(TEAM)}&sec=1`);
  expect(await clocks.cityNames()).toEqual(['Anna', 'Ben', 'Seoul, South Korea', 'Chris']);
  // Two cards of one city under two names: two cards, the city beneath each name.
  await expect(clocks.card('Anna')).toContainText('Berlin, Germany');
  await expect(clocks.card('Chris')).toContainText('Berlin, Germany');
  await expect(clocks.card('Ben')).toContainText('London, United Kingdom');
  await expect(clocks.homeButton('Anna')).toHaveAttribute('aria-pressed', 'true');
  await expect(clocks.homeButton('Ben')).toHaveAttribute('aria-pressed', 'false');
  // The differences are from home, said in the card, before any script runs.
  await expect(clocks.card('Ben')).toContainText(differenceWords('Europe/London', 'Europe/Berlin', 'Anna'));
  await expect(clocks.card('Seoul, South Korea')).toContainText(differenceWords('Asia/Seoul', 'Europe/Berlin', 'Anna'));
  await expect(clocks.card('Chris')).toContainText('same time as Anna');
  await expect(clocks.card('Anna').locator('.city-card__difference')).toHaveCount(0);
  await expect(clocks.card('Ben')).toContainText('Working hours 08:00–16:00, Mon–Fri');
  await expect(clocks.removeButton('Ben')).toBeVisible();
  await expect(clocks.moveButton('Anna', 'right')).toHaveAttribute('aria-disabled', 'true');
  await expect(clocks.moveButton('Ben', 'left')).toHaveAttribute('aria-disabled', 'true');
});

test('the same URL in a fresh browser context shows the same page', async ({ browser, javaScriptEnabled }) => {
  const context = await browser.newContext({ javaScriptEnabled });
  try {
    const page = await context.newPage();
    const clocks = new WorldClockPage(page);
    await clocks.goto(`?cities=${encodeURIComponent(TEAM)}&sec=1`);
    if (javaScriptEnabled) await clocks.waitForHydration();
    expect(await clocks.cityNames()).toEqual(['Anna', 'Ben', 'Seoul, South Korea', 'Chris']);
    await expect(clocks.homeButton('Anna')).toHaveAttribute('aria-pressed', 'true');
    await expect(clocks.card('Ben')).toContainText('Working hours 08:00–16:00, Mon–Fri');
  } finally {
    await context.close();
  }
});

test('a card moves by its buttons, the move said and the focus kept', async ({ page, javaScriptEnabled }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=london-gb,seoul-kr~Mina,Asia/Tokyo,UTC&sec=1');
  if (javaScriptEnabled) await clocks.waitForHydration();
  await clocks.moveButton('Mina', 'right').focus();
  await page.keyboard.press('Enter');
  // Without JavaScript the press loads the page the form names: the address first.
  await expect.poll(() => citiesParam(page)).toBe('london-gb,Asia/Tokyo,seoul-kr~Mina,UTC');
  await page.waitForLoadState();
  await expect.poll(() => clocks.cityNames()).toEqual(['London, United Kingdom', 'Tokyo', 'Mina', 'UTC']);
  if (javaScriptEnabled) {
    await expect(clocks.listAnnouncement()).toHaveText('Mina moved to position 3 of 4');
    await expect(clocks.moveButton('Mina', 'right')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect.poll(() => clocks.cityNames()).toEqual(['London, United Kingdom', 'Tokyo', 'UTC', 'Mina']);
    await expect(clocks.listAnnouncement()).toHaveText('Mina moved to position 4 of 4');
    // At the end the button stays focusable, says it is disabled, and does nothing.
    await expect(clocks.moveButton('Mina', 'right')).toBeFocused();
    await expect(clocks.moveButton('Mina', 'right')).toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Enter');
    expect(citiesParam(page)).toBe('london-gb,Asia/Tokyo,UTC,seoul-kr~Mina');
  }
  await clocks.moveButton('Tokyo', 'left').click();
  await expect.poll(() => clocks.cityNames()).toEqual(
    javaScriptEnabled ? ['Tokyo', 'London, United Kingdom', 'UTC', 'Mina'] : ['Tokyo', 'London, United Kingdom', 'Mina', 'UTC'],
  );
});

test('a card is dragged by its handle to another place, one history entry a drop', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'dragging needs the hydrated page');
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=london-gb,seoul-kr~Mina,Asia/Tokyo,UTC&sec=1');
  await clocks.waitForHydration();
  const entries = await page.evaluate(() => history.length);
  const from = (await clocks.dragHandle('UTC').boundingBox())!;
  const to = (await clocks.card('London, United Kingdom').boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
  await expect(clocks.card('London, United Kingdom')).toHaveAttribute('data-drag', 'target');
  await expect(clocks.card('UTC')).toHaveAttribute('data-drag', 'dragged');
  await page.mouse.up();
  await expect.poll(() => clocks.cityNames()).toEqual(['UTC', 'London, United Kingdom', 'Mina', 'Tokyo']);
  expect(citiesParam(page)).toBe('UTC,london-gb,seoul-kr~Mina,Asia/Tokyo');
  await expect(clocks.listAnnouncement()).toHaveText('UTC moved to position 1 of 4');
  expect(await page.evaluate(() => history.length)).toBe(entries + 1);
  await expect(page.locator('[data-drag]')).toHaveCount(0);
  await page.goBack();
  await expect.poll(() => clocks.cityNames()).toEqual(['London, United Kingdom', 'Mina', 'Tokyo', 'UTC']);
});

test('a touch drag moves a card too, and nothing moves before home', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'dragging needs the hydrated page');
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=*london-gb,seoul-kr~Mina,Asia/Tokyo&sec=1');
  await clocks.waitForHydration();
  await expect(clocks.dragHandle('London, United Kingdom')).toBeHidden();
  const handle = clocks.dragHandle('Tokyo');
  const centre = async (title: string) => {
    const box = (await clocks.card(title).boundingBox())!;
    return { clientX: Math.round(box.x + box.width / 2), clientY: Math.round(box.y + box.height / 2) };
  };
  const touch = { pointerId: 7, pointerType: 'touch', isPrimary: true, button: 0, bubbles: true };
  await handle.dispatchEvent('pointerdown', { ...touch, ...(await centre('Tokyo')) });
  await handle.dispatchEvent('pointermove', { ...touch, ...(await centre('London, United Kingdom')) });
  await handle.dispatchEvent('pointerup', { ...touch, ...(await centre('London, United Kingdom')) });
  // Dropped on home, the card lands just after it.
  await expect.poll(() => clocks.cityNames()).toEqual(['London, United Kingdom', 'Tokyo', 'Mina']);
  expect(citiesParam(page)).toBe('*london-gb,Asia/Tokyo,seoul-kr~Mina');
});

test('making a card home puts it first and the differences follow it', async ({ page, javaScriptEnabled }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=london-gb,seoul-kr~Mina,Asia/Kathmandu&sec=1');
  if (javaScriptEnabled) {
    await clocks.waitForHydration();
    // No home card: compared with the visitor, as before.
    await expect(clocks.card('Mina')).toContainText(/(ahead of|behind|same time as) you/);
  }
  await clocks.homeButton('Mina').click();
  await expect.poll(() => clocks.cityNames()).toEqual(['Mina', 'London, United Kingdom', 'Kathmandu']);
  expect(citiesParam(page)).toBe('*seoul-kr~Mina,london-gb,Asia/Kathmandu');
  await expect(clocks.homeButton('Mina')).toHaveAttribute('aria-pressed', 'true');
  await expect(clocks.card('Kathmandu')).toContainText(differenceWords('Asia/Kathmandu', 'Asia/Seoul', 'Mina'));
  await expect(clocks.card('London, United Kingdom')).toContainText(differenceWords('Europe/London', 'Asia/Seoul', 'Mina'));
  if (javaScriptEnabled) {
    await expect(clocks.homeButton('Mina')).toBeFocused();
    await expect(clocks.listAnnouncement()).toHaveText('Mina is home: the other cards are compared with it');
  }
  // Another home: the first is home no longer.
  await clocks.homeButton('Kathmandu').click();
  await expect.poll(() => clocks.cityNames()).toEqual(['Kathmandu', 'Mina', 'London, United Kingdom']);
  await expect(clocks.homeButton('Mina')).toHaveAttribute('aria-pressed', 'false');
  await expect(clocks.card('Mina')).toContainText(differenceWords('Asia/Seoul', 'Asia/Kathmandu', 'Kathmandu'));
  // Home again pressed: no home, the order kept.
  await clocks.homeButton('Kathmandu').click();
  await expect(clocks.homeButton('Kathmandu')).toHaveAttribute('aria-pressed', 'false');
  expect(citiesParam(page)).toBe('Asia/Kathmandu,seoul-kr~Mina,london-gb');
});

test('a card is named, the name checked, and Escape cancels', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'renaming needs the hydrated page');
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=london-gb,seoul-kr&sec=1&at=2027-03-15T23:30Z');
  await clocks.waitForHydration();
  await clocks.renameButton('Seoul, South Korea').click();
  const field = page.getByLabel('Name for Seoul, South Korea');
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute('maxlength', '40');
  await field.fill('Mina');
  await page.keyboard.press('Escape');
  await expect(field).toHaveCount(0);
  await expect(clocks.renameButton('Seoul, South Korea')).toBeFocused();
  expect(await clocks.cityNames()).toEqual(['London, United Kingdom', 'Seoul, South Korea']);

  // A character no font shows is refused beside the field.
  await page.keyboard.press('Enter');
  await field.fill('Mi\u{E000}na');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/Not saved: a name cannot hold characters that no font shows\./);

  await field.fill('Mina');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(clocks.card('Mina')).toContainText('Seoul, South Korea');
  expect(citiesParam(page)).toBe('london-gb,seoul-kr~Mina');
  await expect(clocks.renameButton('Mina')).toBeFocused();
  // The planner says the name too.
  await clocks.moveButton('Mina', 'left').click();
  await expect(clocks.slider).toHaveAttribute('aria-valuetext', /for Mina$/);
  await expect(clocks.strip('Mina')).toHaveAccessibleName('Hours for Mina; pick one to plan it');

  // Emptied, the card has its city's name again.
  await clocks.renameButton('Mina').click();
  await page.getByLabel('Name for Seoul, South Korea').fill('');
  await page.keyboard.press('Enter');
  await expect(clocks.card('Seoul, South Korea')).toBeVisible();
  expect(citiesParam(page)).toBe('seoul-kr,london-gb');
});

test('a form whose code is still coming opens once it is here, focused, and only once', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the forms need the hydrated page');
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=london-gb,seoul-kr&sec=1&at=2027-03-15T23:30Z');
  await clocks.waitForHydration();
  // The page's own module is in; from here every WASM fetched is a chunk of the forms' code,
  // held back until the test lets it go.
  const chunks: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/pkg\/worldclock\.[0-9a-f]{16}\.wasm$/, async (route) => {
    chunks.push(route.request().url());
    await released;
    await route.continue();
  });
  const rename = clocks.renameButton('Seoul, South Korea');
  await rename.click();
  await expect.poll(() => chunks.length).toBeGreaterThan(0);
  const field = page.getByLabel('Name for Seoul, South Korea');
  await expect(field).toHaveCount(0);
  // Pressed again while the code comes: no second load, and the form does not close.
  await rename.click();
  await rename.press('Enter');
  await page.waitForTimeout(300);
  await expect(field).toHaveCount(0);
  const asked = chunks.length;
  release();
  await expect(field).toBeFocused();
  await expect(rename).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('form.card-form')).toHaveCount(1);
  expect(chunks.length, 'each chunk fetched once').toBe(asked);
  expect(new Set(chunks).size).toBe(chunks.length);
  await field.fill('Mina');
  await field.press('Enter');
  await expect(clocks.card('Mina')).toContainText('Seoul, South Korea');
  expect(citiesParam(page)).toBe('london-gb,seoul-kr~Mina');
  // The other form comes from the same code: nothing more to fetch, open at once.
  await clocks.hoursButton('London, United Kingdom').click();
  await expect(page.getByRole('group', { name: 'Working hours for London, United Kingdom' }).getByLabel('Start')).toBeFocused();
  expect(chunks.length).toBe(asked);
});

test('a form whose code does not load says so, and a later press loads it', async ({ page, javaScriptEnabled, browserProblems }) => {
  test.skip(!javaScriptEnabled, 'the forms need the hydrated page');
  browserProblems.allow(/Failed to fetch|ERR_FAILED|net::|TypeError/, 'the test refuses the forms’ chunk once');
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=seoul-kr&sec=1');
  await clocks.waitForHydration();
  let refuse = true;
  await page.route(/\/pkg\/worldclock\.[0-9a-f]{16}\.wasm$/, (route) => (refuse ? route.abort() : route.continue()));
  await clocks.renameButton('Seoul, South Korea').click();
  await expect(clocks.listAnnouncement()).toHaveText('The form did not load; press again to retry');
  await expect(page.getByLabel('Name for Seoul, South Korea')).toHaveCount(0);
  // The page lives on: the clocks tick, and the next press tries again.
  await clocks.waitForLive();
  refuse = false;
  await clocks.renameButton('Seoul, South Korea').click();
  await expect(page.getByLabel('Name for Seoul, South Korea')).toBeFocused();
});

test('working hours per card: the strip and the planner follow them', async ({ page, javaScriptEnabled }) => {
  const clocks = new WorldClockPage(page);
  // Tuesday 16 March 2027, 08:30 in Seoul: outside 09:00–17:00, inside 08:00–16:00.
  const at = '2027-03-15T23:30Z';
  expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Seoul', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at))).toBe('Tue 08:30');
  if (!javaScriptEnabled) {
    await clocks.goto(`?cities=seoul-kr@0800-1600/mo-th&sec=1&at=${at}`);
    await expect(clocks.workingCount).toHaveText('1 of 1 city is in working hours at this moment.');
    await expect(clocks.card('Seoul, South Korea')).toContainText('Working hours 08:00–16:00, Mon–Thu');
    await expect(clocks.momentCell('Seoul, South Korea')).toContainText('working hours');
    return;
  }
  await clocks.goto(`?cities=seoul-kr&sec=1&at=${at}`);
  await clocks.waitForHydration();
  await expect(clocks.workingCount).toHaveText('0 of 1 city is in working hours at this moment.');
  await expect(clocks.momentCell('Seoul, South Korea')).not.toContainText('working hours');
  await clocks.hoursButton('Seoul, South Korea').click();
  const form = page.getByRole('group', { name: 'Working hours for Seoul, South Korea' });
  await expect(form.getByLabel('Start')).toBeFocused();
  await expect(form.getByLabel('Start')).toHaveValue('540');
  await expect(form.getByLabel('Fri')).toBeChecked();
  await expect(form.getByLabel('Sat')).not.toBeChecked();
  // The same start and end are no hours: refused beside the fields.
  await form.getByLabel('Start').selectOption({ label: '17:00' });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByLabel('Start')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Start')).toHaveAccessibleDescription(/must end at another time than they start/);
  await form.getByLabel('Start').selectOption({ label: '08:00' });
  await form.getByLabel('End').selectOption({ label: '16:00' });
  await form.getByLabel('Fri').uncheck();
  await form.getByRole('button', { name: 'Save' }).click();
  expect(citiesParam(page)).toBe('seoul-kr@0800-1600/mo-th');
  await expect(clocks.card('Seoul, South Korea')).toContainText('Working hours 08:00–16:00, Mon–Thu');
  await expect(clocks.workingCount).toHaveText('1 of 1 city is in working hours at this moment.');
  await expect(clocks.momentCell('Seoul, South Korea')).toContainText('working hours');
  await expect(clocks.hoursButton('Seoul, South Korea')).toBeFocused();
  // Reset: back to the default, no hours in the address.
  await clocks.hoursButton('Seoul, South Korea').click();
  await page.getByRole('button', { name: 'Reset' }).click();
  expect(citiesParam(page)).toBe('seoul-kr');
  await expect(clocks.workingCount).toHaveText('0 of 1 city is in working hours at this moment.');
  await expect(clocks.card('Seoul, South Korea')).not.toContainText('Working hours');
});

test('the calendar file names the cards as the page does', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=*seoul-kr@0800-1600~Mina,london-gb&sec=1&at=2027-03-15T23:30Z');
  const [download] = await Promise.all([page.waitForEvent('download'), clocks.addToCalendar.click()]);
  const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  // RFC 5545 folds long lines: unfold before reading.
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  expect(unfolded).toContain('Mina (Seoul\\, South Korea): ');
  expect(unfolded).toContain('London\\, United Kingdom: ');
});

test('reload and back and forward restore names, order, home and hours', async ({ page, javaScriptEnabled }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=london-gb@0700-1500~Ben,seoul-kr~Mina,Asia/Tokyo&sec=1');
  if (javaScriptEnabled) await clocks.waitForHydration();
  await clocks.homeButton('Mina').click();
  await expect.poll(() => clocks.cityNames()).toEqual(['Mina', 'Ben', 'Tokyo']);
  await clocks.moveButton('Tokyo', 'left').click();
  await expect.poll(() => clocks.cityNames()).toEqual(['Mina', 'Tokyo', 'Ben']);
  await page.reload();
  if (javaScriptEnabled) await clocks.waitForHydration();
  expect(await clocks.cityNames()).toEqual(['Mina', 'Tokyo', 'Ben']);
  await expect(clocks.homeButton('Mina')).toHaveAttribute('aria-pressed', 'true');
  await expect(clocks.card('Ben')).toContainText('Working hours 07:00–15:00, Mon–Fri');
  await page.goBack();
  await expect.poll(() => clocks.cityNames()).toEqual(['Mina', 'Ben', 'Tokyo']);
  await page.goBack();
  await expect.poll(() => clocks.cityNames()).toEqual(['Ben', 'Mina', 'Tokyo']);
  await expect(clocks.homeButton('Mina')).toHaveAttribute('aria-pressed', 'false');
  await page.goForward();
  await expect.poll(() => clocks.cityNames()).toEqual(['Mina', 'Ben', 'Tokyo']);
  await expect(clocks.homeButton('Mina')).toHaveAttribute('aria-pressed', 'true');
});

test('bad parts of the URL are dropped with a notice and the cards kept', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  const long = 'x'.repeat(41);
  await clocks.goto(`?cities=berlin-de~${long},seoul-kr@9-17,london-gb&sec=1`);
  expect(await clocks.cityNames()).toEqual(['Berlin, Germany', 'Seoul, South Korea', 'London, United Kingdom']);
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('The name for berlin-de was left out: a name has at most 40 characters, and this one has 41.');
  await expect(notice).toContainText('The working hours “9-17” for seoul-kr were left out');
});

test('a name of markup is only ever text: card, notices, slider', async ({ page, javaScriptEnabled }) => {
  forbidDialogs(page);
  const clocks = new WorldClockPage(page);
  const cities = `seoul-kr~${MARKUP},london-gb,${MARKUP}`;
  await clocks.goto(`?cities=${encodeURIComponent(cities)}&sec=1&at=2027-03-15T23:30Z`);
  if (javaScriptEnabled) await clocks.waitForHydration();
  await expect(clocks.card(MARKUP)).toBeVisible();
  expect(await clocks.cityNames()).toEqual([MARKUP, 'London, United Kingdom']);
  await expect(clocks.removeButton(MARKUP)).toBeVisible();
  // The unknown key, markup too, is named in the notice as text.
  await expect(clocks.alert).toContainText(`“${MARKUP}” is not a city or time zone`);
  await expect(page.locator('main img')).toHaveCount(0);
  // "Add to calendar" sends the cards' names: the calendar file names each card so.
  await expect(clocks.planning.locator('input[name="cities"]')).toHaveValue(`seoul-kr~${MARKUP},london-gb`);
  if (javaScriptEnabled) {
    await expect(clocks.slider).toHaveAttribute('aria-valuetext', `Tue 16 Mar, 08:30 for ${MARKUP}`);
    await expect(clocks.slider).toHaveText(`Tue 16 Mar, 08:30 for ${MARKUP}`);
    await clocks.moveButton(MARKUP, 'right').click();
    await expect(clocks.listAnnouncement()).toHaveText(`${MARKUP} moved to position 2 of 2`);
    expect(await clocks.cityNames()).toEqual(['London, United Kingdom', MARKUP]);
    await expect(page.locator('main img')).toHaveCount(0);
  }
});

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  test(`the edited page, its forms open, has no accessibility violation at ${viewport.width} px`, async ({ page, browser, javaScriptEnabled }) => {
    // axe reads every cell of four hour strips and two open forms: on a loaded machine
    // that outlasts the default 30 s.
    test.slow();
    const path = `/?cities=${encodeURIComponent(TEAM)}&sec=1&at=2027-03-15T23:30Z`;
    let violations;
    if (javaScriptEnabled) {
      await page.setViewportSize(viewport);
      const clocks = new WorldClockPage(page);
      await clocks.goto(path.slice(1));
      await clocks.waitForHydration();
      await clocks.renameButton('Ben').click();
      await clocks.hoursButton('Chris').click();
      // Each form appears once its code (a chunk of its own) is in.
      await expect(page.locator('form.card-form')).toHaveCount(2);
      violations = await axeViolations(page);
    } else {
      violations = await serverRenderedViolations(browser, path, { viewport });
    }
    expect(violations, `axe-core at ${viewport.width} px`).toEqual([]);
  });
}
