// Page object for the report form's zones: chosen with the city finder, the way a person
// does, and taken out again with each zone's button.
import { expect, type Page } from '@playwright/test';

/** Chooses each zone by typing its name into the finder and taking the first suggestion. */
export async function chooseZones(page: Page, zones: string[]): Promise<void> {
  const field = page.getByLabel('Zones');
  const suggestions = page.getByRole('listbox', { name: 'Matching cities' }).getByRole('option');
  const chosen = page.getByRole('list', { name: 'Chosen for the report' }).getByRole('listitem');
  for (const [index, zone] of zones.entries()) {
    await field.fill(zone);
    await expect(suggestions.first()).toContainText(zone);
    await field.press('Enter');
    await expect(chosen).toHaveCount(index + 1);
    await expect(chosen.nth(index)).toContainText(zone);
  }
}

/** Takes every chosen zone out again: the report then covers every zone. */
export async function clearZones(page: Page): Promise<void> {
  const remove = page.getByRole('list', { name: 'Chosen for the report' }).getByRole('button');
  while ((await remove.count()) > 0) await remove.first().click();
  await expect(page.getByText('No zone chosen: the report covers every zone.')).toBeVisible();
}
