// Page object for the world-clock page: what a person sees and does there, found by role
// and label the way a person (or a screen reader) finds it.
import { expect, type Locator, type Page } from '@playwright/test';

export class WorldClockPage {
  readonly page: Page;
  readonly cards: Locator;
  readonly addCity: Locator;
  readonly suggestions: Locator;
  readonly interval: Locator;
  readonly status: Locator;
  readonly hourCycleToggle: Locator;
  readonly alert: Locator;

  constructor(page: Page) {
    this.page = page;
    this.cards = page.getByRole('article');
    this.addCity = page.getByLabel('Add city');
    this.suggestions = page.getByRole('listbox', { name: 'Matching cities' }).getByRole('option');
    this.interval = page.getByLabel('Refresh every');
    this.status = page.getByRole('status');
    this.hourCycleToggle = page.getByRole('button', { name: '12-hour clock' });
    this.alert = page.getByRole('alert');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
  }

  /** Waits until the WASM has hydrated the page (the app marks <body> when it has). */
  async waitForHydration(): Promise<void> {
    await expect(this.page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }

  async waitForLive(): Promise<void> {
    await expect(this.status).toHaveText('live');
  }

  card(city: string): Locator {
    return this.page.getByRole('article', { name: city, exact: true });
  }

  time(city: string): Locator {
    return this.card(city).locator('time');
  }

  /** The local wall time a card shows, from its <time datetime>. */
  async shownDateTime(city: string): Promise<string> {
    const value = await this.time(city).getAttribute('datetime');
    expect(value, `${city} has a <time datetime>`).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    return value!;
  }

  removeButton(city: string): Locator {
    return this.page.getByRole('button', { name: `Remove ${city}` });
  }

  async cityNames(): Promise<string[]> {
    return this.cards.getByRole('heading').allTextContents();
  }
}

/** The wall time in `zone` at `instant`, as `YYYY-MM-DDTHH:MM:SS`, by Intl. */
export function wallTime(zone: string, instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}`;
}

/** Seconds between two wall times read as UTC (both in the same zone). */
export function secondsBetween(a: string, b: string): number {
  return (Date.parse(`${b}Z`) - Date.parse(`${a}Z`)) / 1000;
}
