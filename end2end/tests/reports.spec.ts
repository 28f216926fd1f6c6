// The transitions report page: start a report, watch its progress, read and sort the table,
// download the result, cancel a long one, and see a clear message for bad input.
import { expect, test } from '../support/fixtures';
import { chooseZones } from '../pages/reports-page';

test('the report form is rendered by the server', async ({ page }) => {
  await page.goto('/reports');
  await expect(page.getByRole('heading', { name: 'When do the clocks change?' })).toBeVisible();
  await expect(page.getByLabel('Zones')).toBeVisible();
  await expect(page.getByLabel('From year')).toHaveValue(/^\d{4}$/);
  for (const label of ['From year', 'To year']) {
    await expect(page.getByLabel(label)).toHaveAttribute('min', '1900');
    await expect(page.getByLabel(label)).toHaveAttribute('max', '2100');
  }
  await expect(page.getByRole('button', { name: 'Start report' })).toBeVisible();
});

test.describe('with the WASM', () => {
  test.beforeEach(({ javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, 'reports need the hydrated page');
  });

  test('a report runs, shows its table sorted by column, and downloads', async ({ page }) => {
    await page.goto('/reports');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await chooseZones(page, ['Europe/London', 'America/New_York', 'Asia/Kolkata']);
    await page.getByLabel('From year').fill('2026');
    await page.getByLabel('To year').fill('2027');
    await page.getByRole('button', { name: 'Start report' }).click();
    await expect(page.getByRole('status')).toHaveText('Complete: 8 transitions.', { timeout: 15_000 });
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(9);
    // Time order first: New York springs forward before London.
    await expect(rows.nth(1)).toContainText('America/New_York');
    await expect(rows.nth(1)).toContainText('2026-03-08T07:00:00Z');
    await page.getByRole('button', { name: 'Zone' }).click();
    await expect(page.getByRole('columnheader', { name: 'Zone' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(rows.nth(1)).toContainText('America/New_York');
    await page.getByRole('button', { name: 'Zone' }).click();
    await expect(rows.nth(1)).toContainText('Europe/London');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^transitions-.*\.csv$/);
    const text = await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8');
    expect(text.split('\n')[0]).toBe('zone,instant_utc,offset_before,offset_after,abbreviation_before,abbreviation_after');
    expect(text).toContain('Europe/London,2026-10-25T01:00:00Z,+01:00,+00:00,BST,GMT');
  });

  test('a long report shows progress and can be cancelled', async ({ page }) => {
    await page.goto('/reports');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    // Every zone, 1980 to 2029: the slowest report there is, about a second.
    await page.getByLabel('From year').fill('1980');
    await page.getByLabel('To year').fill('2029');
    await page.getByRole('button', { name: 'Start report' }).click();
    await expect(page.getByRole('status')).toHaveText(/^\d+ of \d+ zones/, { timeout: 10_000 });
    await expect(page.getByRole('progressbar', { name: 'Report progress' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('alert')).toHaveText(/cancelled/);
  });

  test('bad years get the server’s explanation', async ({ page, browserProblems }) => {
    browserProblems.allow(/status of 400 \(Bad Request\)/, 'Chromium logs the 400 this test provokes');
    await page.goto('/reports');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await page.getByLabel('From year').fill('2030');
    await page.getByLabel('To year').fill('2026');
    await page.getByRole('button', { name: 'Start report' }).click();
    await expect(page.getByRole('alert')).toHaveText('to (2026) must not be before from (2030)');
  });
});
