// Finding cities by the names people use: former names, other scripts, the keyboard, and
// labels that survive a reload and a shared link — and what the server paints first.
import { expect, test } from '../support/fixtures';
import { secondsBetween, secondsOutside, wallTime, WorldClockPage } from '../pages/world-clock-page';

test('a shared link names its cities, painted by the server with their times', async ({ page }) => {
  // Runs with JavaScript off too: the server's first paint alone.
  const clocks = new WorldClockPage(page);
  const before = new Date();
  await clocks.goto('?cities=chennai-in,mumbai-in,Asia/Seoul&sec=1');
  expect(await clocks.cityNames()).toEqual(['Chennai, India', 'Mumbai, India', 'Seoul']);
  for (const city of ['Chennai, India', 'Mumbai, India']) {
    const shown = await clocks.shownDateTime(city);
    expect(secondsOutside(shown, 'Asia/Kolkata', before, new Date()), `${city}: ${shown}`).toBe(0);
    await expect(clocks.card(city)).toContainText('Asia/Kolkata');
  }
  await expect(clocks.card('Chennai, India').getByRole('heading')).toHaveAttribute('title', 'Chennai, Tamil Nadu, India');
});

test.describe('with the page hydrated', () => {
  test.beforeEach(({ javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, 'the finder asks the server as the person types');
  });

  test('a city is found by its former name, added, and keeps its label through reload', async ({ page }) => {
    const clocks = new WorldClockPage(page);
    await clocks.goto('?cities=Europe/London&sec=1');
    await clocks.waitForHydration();
    await clocks.addCity.fill('Madras');
    await expect(clocks.suggestions.first()).toContainText('Chennai, Tamil Nadu, India');
    await expect(clocks.suggestions.first()).toContainText('matches “Madras”');
    await expect(clocks.suggestions.first()).toContainText('UTC+05:30');
    await clocks.suggestions.first().click();
    await expect(clocks.card('Chennai, India')).toBeVisible();
    await expect(page).toHaveURL(/cities=Europe\/London,chennai-in&sec=1$/);
    await page.reload();
    expect(await clocks.cityNames()).toEqual(['London', 'Chennai, India']);
    await clocks.waitForHydration();
    await clocks.waitForLive();
    expect(await clocks.cityNames()).toEqual(['London', 'Chennai, India']);
  });

  test('another is added by keyboard alone, from its own script', async ({ page }) => {
    const clocks = new WorldClockPage(page);
    await clocks.goto('?cities=UTC&sec=1');
    await clocks.waitForHydration();
    await clocks.addCity.fill('東京');
    await expect(clocks.suggestions.first()).toContainText('Tokyo, Japan');
    await clocks.addCity.press('ArrowDown');
    await expect(clocks.suggestions.first()).toHaveAttribute('aria-selected', 'true');
    await clocks.addCity.press('Enter');
    await expect(clocks.card('Tokyo, Japan')).toBeVisible();
    await expect(page).toHaveURL(/cities=UTC,tokyo-jp&sec=1$/);
    const shown = await clocks.shownDateTime('Tokyo, Japan');
    expect(Math.abs(secondsBetween(wallTime('Asia/Tokyo', new Date()), shown))).toBeLessThanOrEqual(2);
  });

  test('two cities of one zone are two cards on one stream of that zone', async ({ page }) => {
    const clocks = new WorldClockPage(page);
    await clocks.goto('?cities=mumbai-in&sec=1');
    await clocks.waitForHydration();
    await clocks.addCity.fill('bangalore');
    await clocks.addCity.press('Enter');
    await expect(clocks.card('Bengaluru, India')).toBeVisible();
    await expect(clocks.cards).toHaveCount(2);
    await clocks.waitForLive();
    await page.getByText('Stream inspector').click();
    await expect(page.getByRole('link', { name: '/api/clock/stream?cities=Asia/Kolkata&sec=1' })).toBeVisible();
    await expect
      .poll(async () => (await clocks.shownDateTime('Bengaluru, India')) === (await clocks.shownDateTime('Mumbai, India')))
      .toBe(true);
  });

  test('a name the finder does not know offers nothing to add', async ({ page }) => {
    const clocks = new WorldClockPage(page);
    await clocks.goto('?cities=UTC&sec=1');
    await clocks.waitForHydration();
    await clocks.addCity.fill('qqqxqq');
    await clocks.addCity.press('Enter');
    await expect(clocks.suggestions).toHaveCount(0);
    await expect(clocks.cards).toHaveCount(1);
    await expect(page).toHaveURL(/cities=UTC&sec=1$/);
  });
});
