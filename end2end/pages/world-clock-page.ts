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
  readonly plannedBanner: Locator;
  readonly nowLink: Locator;
  readonly planning: Locator;
  readonly workingCount: Locator;
  readonly findTime: Locator;
  readonly calendarLength: Locator;
  readonly addToCalendar: Locator;
  readonly slider: Locator;
  readonly typedForm: Locator;
  readonly typedCity: Locator;
  readonly typedDate: Locator;
  readonly typedTime: Locator;
  readonly planThisTime: Locator;

  constructor(page: Page) {
    this.page = page;
    this.cards = page.getByRole('article');
    this.addCity = page.getByLabel('Add city');
    this.suggestions = page.getByRole('listbox', { name: 'Matching cities' }).getByRole('option');
    this.interval = page.getByLabel('Refresh every');
    this.status = page.getByRole('status');
    this.hourCycleToggle = page.getByRole('button', { name: '12-hour clock' });
    this.alert = page.getByRole('alert');
    this.plannedBanner = page.getByRole('region', { name: 'Planned moment' });
    this.nowLink = this.plannedBanner.getByRole('link', { name: 'Now' });
    this.planning = page.getByRole('region', { name: 'Planning' });
    this.workingCount = this.planning.getByText(/cit(y is|ies are) in working hours/);
    this.findTime = this.planning.getByRole('link', { name: 'Find a time' });
    this.calendarLength = this.planning.getByLabel('Length');
    this.addToCalendar = this.planning.getByRole('button', { name: 'Add to calendar' });
    this.slider = page.getByRole('slider', { name: 'Planned moment' });
    this.typedForm = page.getByRole('group', { name: 'Plan a time in one city' });
    this.typedCity = this.typedForm.getByLabel('City', { exact: true });
    this.typedDate = this.typedForm.getByLabel('Date', { exact: true });
    this.typedTime = this.typedForm.getByLabel('Time', { exact: true });
    this.planThisTime = this.typedForm.getByRole('button', { name: 'Plan this time' });
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

  /** A card's hour strip and its cells (links), in column order. */
  strip(city: string): Locator {
    return this.card(city).getByRole('group', { name: /^Hours (in|for) / });
  }

  stripCells(city: string): Locator {
    return this.strip(city).getByRole('link');
  }

  /** The planned hour's cell of a card's strip. */
  momentCell(city: string): Locator {
    return this.strip(city).locator('a[aria-current="time"]');
  }

  /** Types `time` on `date` in `city` (its key) and plans it. */
  async typeTime(city: string, date: string, time: string): Promise<void> {
    await this.typedCity.selectOption(city);
    await this.typedDate.fill(date);
    await this.typedTime.fill(time);
    await this.planThisTime.click();
  }

  /** The planned moment in the page's address. */
  plannedAt(): Date {
    const at = new URL(this.page.url()).searchParams.get('at');
    expect(at, 'the address has at').not.toBeNull();
    return new Date(at!);
  }

  /** The inspector's word on how this tab reaches the stream its browser's tabs share. */
  streamRole(): Locator {
    return this.page.locator('.inspector__role');
  }

  /** Whether this tab holds the browser's shared stream (read even with the inspector shut). */
  async holdsSharedStream(): Promise<boolean> {
    return (await this.streamRole().textContent()) === 'This tab holds the shared stream';
  }

  removeButton(city: string): Locator {
    return this.page.getByRole('button', { name: `Remove ${city}` });
  }

  /** "Move Anna left" or "… right". */
  moveButton(title: string, direction: 'left' | 'right'): Locator {
    return this.page.getByRole('button', { name: `Move ${title} ${direction}`, exact: true });
  }

  /** The "Make Anna home" toggle. */
  homeButton(title: string): Locator {
    return this.page.getByRole('button', { name: `Make ${title} home`, exact: true });
  }

  renameButton(title: string): Locator {
    return this.page.getByRole('button', { name: `Rename ${title}`, exact: true });
  }

  hoursButton(title: string): Locator {
    return this.page.getByRole('button', { name: `Working hours for ${title}`, exact: true });
  }

  /** A card's drag handle (for the pointer only: hidden from screen readers). */
  dragHandle(title: string): Locator {
    return this.card(title).locator('.card-tools__handle');
  }

  /** What the page's polite live region said about the last edit of the list. */
  listAnnouncement(): Locator {
    return this.page.locator('.list-announcement');
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

/** The zone's abbreviation at `instant` as the browser's own zone data names it (en-GB:
 * `GMT`, `BST`; `GMT+9` where the zone has no name in English). */
export function abbreviation(zone: string, instant: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')!.value;
}

/** Seconds between two wall times read as UTC (both in the same zone). */
/**
 * How many seconds `shown` (a wall time in `zone`) lies outside the window from one second
 * before `before` (a paint truncates to the second) to `after`: 0 when inside. A server's
 * paint is from the moment it answered, so a test brackets the navigation with `before` and
 * reads `after` once it has read `shown`, and no loaded machine makes the check flaky.
 */
export function secondsOutside(shown: string, zone: string, before: Date, after: Date): number {
  const early = secondsBetween(shown, wallTime(zone, before)) - 1;
  const late = secondsBetween(wallTime(zone, after), shown);
  return Math.max(0, early, late);
}

export function secondsBetween(a: string, b: string): number {
  return (Date.parse(`${b}Z`) - Date.parse(`${a}Z`)) / 1000;
}
