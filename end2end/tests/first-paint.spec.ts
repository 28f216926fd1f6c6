// What the server renders: correct before any WASM loads, and the same tree once hydrated.
import { expect, test } from '../support/fixtures';
import { secondsOutside, WorldClockPage } from '../pages/world-clock-page';

test('the default page shows the default cities with their current times', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  const before = new Date();
  await clocks.goto();
  await expect(page).toHaveTitle('worldclock');
  for (const city of ['Los Angeles', 'New York', 'London', 'Kolkata', 'Tokyo', 'Sydney']) {
    await expect(clocks.card(city)).toBeVisible();
  }
  const shown = await clocks.shownDateTime('Tokyo');
  expect(secondsOutside(shown, 'Asia/Tokyo', before, new Date()), shown).toBe(0);
});

test('cities and interval come from the URL, times correct at first paint', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  const before = new Date();
  await clocks.goto('?cities=Asia/Seoul,europe/london,Asia/Kathmandu&sec=2');
  await expect(clocks.cards).toHaveCount(3);
  expect(await clocks.cityNames()).toEqual(['Seoul', 'London', 'Kathmandu']);
  for (const [city, zone] of [['Seoul', 'Asia/Seoul'], ['London', 'Europe/London'], ['Kathmandu', 'Asia/Kathmandu']]) {
    const shown = await clocks.shownDateTime(city);
    expect(secondsOutside(shown, zone, before, new Date()), `${city}: ${shown}`).toBe(0);
  }
  await expect(clocks.card('Kathmandu')).toContainText('UTC+05:45');
  // The next clock change, from the server's transition finder; none where there is none.
  await expect(clocks.card('London')).toContainText(/Clocks go (back|forward) 1 h on \w{3}, \d{1,2} \w{3,4} \d{4}/);
  await expect(clocks.card('Seoul')).not.toContainText('Clocks go');
  await expect(clocks.card('Seoul')).toContainText('Asia/Seoul');
  await expect(clocks.interval).toHaveValue('2');
});

test('unknown cities in the URL are named in an alert and the rest still show', async ({ page }) => {
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=Asia/Seoul,Mars/Olympus_Mons&sec=1');
  await expect(clocks.alert).toContainText('Mars/Olympus_Mons');
  await expect(clocks.alert).toContainText('is not a city or time zone');
  await expect(clocks.cards).toHaveCount(1);
  await expect(clocks.card('Seoul')).toBeVisible();
});

test('without JavaScript nothing ticks, and nothing claims to be live', async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, 'this is the server-rendered page alone');
  const clocks = new WorldClockPage(page);
  await clocks.goto('?cities=UTC&sec=1');
  const first = await clocks.shownDateTime('UTC');
  await page.waitForTimeout(1500);
  expect(await clocks.shownDateTime('UTC')).toBe(first);
  await expect(clocks.status).toHaveText('connecting');
});

test('an unknown address gets a 404 page that leads home', async ({ page, browserProblems }) => {
  browserProblems.allow(/status of 404 \(Not Found\)/, 'Chromium logs the 404 this test asks for');
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'home page' })).toHaveAttribute('href', '/');
});

test('the health check answers ok and names the clock\'s state', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
  const [first, clock] = (await response.text()).trim().split('\n');
  expect(first).toBe('ok');
  // Either state: the machine running the tests may or may not be synchronised.
  expect(clock).toMatch(/^clock: (synchronised|unsynchronised), max error \d+\.\d{3} s$/);
});
