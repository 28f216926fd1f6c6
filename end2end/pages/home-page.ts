// Page object for the home page: what a person sees and does there, found by role and label.
import { expect, type Locator, type Page } from '@playwright/test';

export class HomePage {
  readonly page: Page;
  readonly utcCard: Locator;
  readonly utcTime: Locator;
  readonly hourCycleToggle: Locator;

  constructor(page: Page) {
    this.page = page;
    this.utcCard = page.getByRole('region', { name: 'Coordinated Universal Time' });
    this.utcTime = this.utcCard.locator('time');
    this.hourCycleToggle = page.getByRole('button', { name: '12-hour clock' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
  }

  /** Waits until the WASM has hydrated the page (the app marks <body> when it has). */
  async waitForHydration(): Promise<void> {
    await expect(this.page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }

  /** The instant the UTC clock shows, as Unix milliseconds. */
  async shownInstantMs(): Promise<number> {
    const datetime = await this.utcTime.getAttribute('datetime');
    expect(datetime, 'the <time> element carries a datetime').toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
    );
    return Date.parse(datetime!);
  }
}
