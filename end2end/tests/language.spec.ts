// The page in the visitor's language: a Korean and an English browser (the locale sets
// Accept-Language), JavaScript off and hydrated. The page, a card, the planner and /reports
// read in that language, the switch changes it and the server remembers the choice, and axe
// finds nothing wrong with the Korean page.
import type { Page } from '@playwright/test';
import { axeViolations, serverRenderedViolations } from '../support/axe';
import { expect, test } from '../support/fixtures';

const CITIES = 'seoul-kr,london-gb';
const KOREAN_DATE = /\d{4}년 \d{1,2}월 \d{1,2}일 [일월화수목금토]요일/;
const ENGLISH_DATE = /(Sun|Mon|Tues|Wednes|Thurs|Fri|Satur)day, \d{1,2} [A-Z][a-z]+ \d{4}/;

async function ready(page: Page, javaScriptEnabled: boolean): Promise<void> {
  if (javaScriptEnabled) await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

// Seoul and London on the hour, Kolkata on the half hour (its 12-hour labels are the longest:
// "오후 10:30"), planned at 10:00 in Seoul.
const STRIP_PAGE = '/?cities=seoul-kr,london-gb,kolkata-in&sec=1&at=2027-03-28T01:00Z';

/** The hour labels of every strip that take more than one line, and how many there are. */
async function wrappedHours(page: Page): Promise<{ wrapped: string[]; count: number }> {
  return page.locator('.strip__hour').evaluateAll((hours) => {
    const wrapped = hours
      .filter((hour) => {
        const lineHeight = parseFloat(getComputedStyle(hour).lineHeight);
        return hour.getBoundingClientRect().height > lineHeight * 1.5;
      })
      .map((hour) => hour.textContent ?? '');
    return { wrapped, count: hours.length };
  });
}

/** Whether each strip shows its planned hour whole. */
async function plannedHoursInView(page: Page): Promise<boolean[]> {
  return page.locator('.strip').evaluateAll((strips) =>
    strips.map((strip) => {
      const cell = strip.querySelector('.strip__cell--moment');
      if (!cell) return false;
      const box = strip.getBoundingClientRect();
      const cellBox = cell.getBoundingClientRect();
      return cellBox.left >= box.left - 1 && cellBox.right <= box.right + 1;
    }),
  );
}

test.describe('in a Korean browser', () => {
  // In Seoul, so London's card is a known 9 h behind.
  test.use({ locale: 'ko-KR', timezoneId: 'Asia/Seoul' });

  test('the page and its cards read in Korean', async ({ page, javaScriptEnabled }) => {
    await page.goto(`/?cities=${CITIES}&sec=1`);
    await ready(page, javaScriptEnabled);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page.getByLabel('도시 추가')).toBeVisible();
    await expect(page.getByLabel('새로 고침 간격', { exact: true })).toBeVisible();
    const seoul = page.getByRole('article').first();
    await expect(seoul.locator('.city-card__date')).toHaveText(KOREAN_DATE);
    await expect(page.getByRole('link', { name: 'English' })).toHaveAttribute('hreflang', 'en');
    await expect(page.locator('footer')).toContainText('시간대 목록');
    if (javaScriptEnabled) {
      // 오전/오후 before the time in 12-hour form, and the difference in Korean words.
      await page.getByRole('button', { name: '12시간제' }).click();
      await expect(seoul.locator('time')).toHaveText(/^(오전|오후) \d{1,2}:\d{2}:\d{2}$/);
      await expect(page.getByRole('article').nth(1)).toContainText('내 시간 기준 9시간 느림');
    }
  });

  test('the planner reads in Korean', async ({ page, javaScriptEnabled }) => {
    await page.goto(`/?cities=${CITIES}&sec=1&at=2027-03-28T01:00Z`);
    await ready(page, javaScriptEnabled);
    await expect(page.locator('.planned')).toContainText('2027년 3월 28일 (일)');
    // London's clocks go forward that night: the card says so in Korean.
    await expect(page.getByRole('article').nth(1)).toContainText(/시계가 1시간 (앞당겨|늦춰)집니다/);
  });

  test('each hour of the strip is one line, 12-hour form too', async ({ page, javaScriptEnabled }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(STRIP_PAGE);
    await ready(page, javaScriptEnabled);
    const { wrapped, count } = await wrappedHours(page);
    expect(count).toBeGreaterThan(3 * 20);
    expect(wrapped, '24-hour labels').toEqual([]);
    // The 12-hour form is the toggle's (kept in the browser's storage, not the URL): it
    // needs the WASM.
    if (!javaScriptEnabled) return;
    await page.getByRole('button', { name: '12시간제' }).click();
    await expect(page.locator('.strip__hour').first()).toHaveText(/^(오전|오후) \d{1,2}(시|:30)$/);
    await expect(page.locator('.strip__cell--moment .strip__hour').first()).toHaveText('오전 10시');
    expect((await wrappedHours(page)).wrapped, '12-hour labels at 1280 px').toEqual([]);
    // The wider columns keep the planned hour in the middle of each strip.
    await expect.poll(() => plannedHoursInView(page)).toEqual([true, true, true]);
    // A phone's width: the strip scrolls, each hour still one line and readable.
    await page.setViewportSize({ width: 360, height: 800 });
    expect((await wrappedHours(page)).wrapped, '12-hour labels at 360 px').toEqual([]);
    const size = await page
      .locator('.strip__hour')
      .first()
      .evaluate((hour) => parseFloat(getComputedStyle(hour).fontSize));
    expect(size).toBeGreaterThanOrEqual(12);
  });

  test('a typed time the server cannot plan is said in Korean', async ({ page, javaScriptEnabled }) => {
    await page.goto(`/?cities=${CITIES}&sec=1&in=atlantis&date=2027-03-30&time=09:30`);
    await ready(page, javaScriptEnabled);
    await expect(page.getByRole('alert').filter({ hasText: '입력한 시각으로' })).toHaveText(
      '입력한 시각으로 계획하지 못했습니다: “atlantis”은(는) 알 수 없는 도시나 시간대입니다.',
    );
  });

  test('/reports reads in Korean', async ({ page, javaScriptEnabled }) => {
    await page.goto('/reports');
    await ready(page, javaScriptEnabled);
    await expect(page).toHaveTitle('시계는 언제 바뀌나요? · worldclock');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('시계는 언제 바뀌나요?');
    await expect(page.getByLabel('시작 연도')).toBeVisible();
    await expect(page.getByRole('button', { name: '보고서 만들기' })).toBeVisible();
  });

  for (const path of [`/?cities=${CITIES}&sec=1`, `/?cities=${CITIES}&sec=1&at=2027-03-28T01:00Z`, '/reports']) {
    test(`axe finds no violation on the Korean ${path}`, async ({ page, browser, javaScriptEnabled }) => {
      let violations;
      if (javaScriptEnabled) {
        await page.goto(path);
        await ready(page, true);
        await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
        violations = await axeViolations(page);
      } else {
        violations = await serverRenderedViolations(browser, path, {
          viewport: { width: 1280, height: 800 },
          locale: 'ko-KR',
        });
      }
      expect(violations, `axe-core on the Korean ${path}`).toEqual([]);
    });
  }
});

test.describe('in an English browser', () => {
  test.use({ locale: 'en-US' });

  test('the page reads in English', async ({ page, javaScriptEnabled }) => {
    await page.goto(`/?cities=${CITIES}&sec=1`);
    await ready(page, javaScriptEnabled);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByLabel('Add city')).toBeVisible();
    await expect(page.getByRole('article').first().locator('.city-card__date')).toHaveText(ENGLISH_DATE);
    await expect(page.getByRole('link', { name: '한국어' })).toHaveAttribute('lang', 'ko');
  });

  test('each hour of the strip is one line in English, 12-hour form too', async ({ page, javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, 'the 12-hour form is the toggle\'s, which needs the WASM');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(STRIP_PAGE);
    await ready(page, true);
    // 24-hour labels fit the 3.1rem columns (those without a new day's date, whose label sets
    // its own width).
    const columnWidths = () =>
      page
        .locator('.strip__cell:not(.strip__cell--new-day)')
        .evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().width));
    let widths = await columnWidths();
    expect(widths.length).toBeGreaterThan(3 * 20);
    for (const width of widths) expect(width).toBeCloseTo(3.1 * 16, 1);
    expect((await wrappedHours(page)).wrapped, '24-hour labels').toEqual([]);
    // Kolkata's half hours ("10:30 PM") are the longest English labels: the columns widen to
    // 6em of the cell's 0.78rem and no hour takes two lines.
    await page.getByRole('button', { name: '12-hour clock' }).click();
    await expect(page.locator('.strip__cell--moment .strip__hour').first()).toHaveText('10 AM');
    await expect(page.locator('.strip__hour', { hasText: /^\d{1,2}:30 PM$/ }).first()).toBeVisible();
    const twelveHour = await wrappedHours(page);
    expect(twelveHour.count).toBeGreaterThan(3 * 20);
    expect(twelveHour.wrapped, '12-hour labels at 1280 px').toEqual([]);
    widths = await columnWidths();
    for (const width of widths) expect(width).toBeCloseTo(6 * 0.78 * 16, 1);
    await expect.poll(() => plannedHoursInView(page)).toEqual([true, true, true]);
  });

  test('the switch changes the language and the server remembers it', async ({ page, javaScriptEnabled }) => {
    await page.goto(`/?cities=${CITIES}&sec=2`);
    await ready(page, javaScriptEnabled);
    await page.getByRole('link', { name: '한국어' }).click();
    await expect(page).toHaveURL(/[?&]cities=seoul-kr,london-gb&sec=2&lang=ko$/);
    await ready(page, javaScriptEnabled);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page.getByLabel('도시 추가')).toBeVisible();
    // The footer's link keeps the language; a page without one in its URL is Korean by the
    // cookie, however English the browser is.
    await expect(page.getByRole('link', { name: '시계는 언제 바뀌나요?' })).toHaveAttribute('href', '/reports?lang=ko');
    await page.goto('/reports');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('시계는 언제 바뀌나요?');
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page).toHaveURL(/\/reports\?lang=en$/);
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByLabel('Add city')).toBeVisible();
  });
});
