// The floor under the page's tick rows: what Chromium's main thread costs per tick for any
// page fed by the same event stream, measured as ticks.mjs measures the page (a fresh
// context, the same wait, the same counters read the same window apart, per tick), so the
// page's figure less the floor is the page's own work.
import { countersPerTick, instrumentedPage } from './ticks.mjs';

/** What a floor document does with each `UPDATE` event, by the name the report gives it. */
export const FLOOR_LISTENERS = {
  // Only counts ticks (a string compared per event): the stream's delivery alone.
  empty: '(a) EventSource, empty listener',
  // Parses the event and sets the zone's time in one text node: the least a page showing
  // the time can do.
  text: '(b) EventSource + one text node per zone',
};

/**
 * The page's time as style/main.css draws it (`.city-card__time` and, the default 24-hour
 * time being one line, `.city-card__time--one-line` with its containment), as CSSOM
 * properties: the floor's text lays out and paints as the page's does.
 */
const TIME_STYLE = {
  margin: '0.35rem 0 0',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  fontSize: 'clamp(2.2rem, 8vw, 2.8rem)',
  fontWeight: '650',
  letterSpacing: '-0.02em',
  lineHeight: '1.15',
  fontVariantNumeric: 'tabular-nums',
  height: '1.15em',
  contain: 'size layout style',
};

/** The page's own stream URL for `zones` at sec=1 (src/model/selection.rs, `stream_url`). */
export function streamPath(zones) {
  return `/api/clock/stream?cities=${zones.join(',')}&sec=1`;
}

/**
 * In the blank document: empties it, opens the EventSource and counts its ticks in
 * `window.__benchTicks` as the page's counter does (a tick is the `UPDATE` events of one id,
 * the tick number; docs/CONTRACT.md). With `writesText`, each event's time goes into its
 * zone's text node, one `<p>` per zone made at the zone's first event.
 */
function openStream({ url, writesText, timeStyle }) {
  // A text/plain response shows as `<pre>ok</pre>`: the floor document holds only its own.
  document.body.replaceChildren();
  const counter = { ticks: 0, last: '' };
  window.__benchTicks = counter;
  const textByZone = new Map();
  const source = new EventSource(url);
  source.addEventListener('UPDATE', (event) => {
    if (event.lastEventId !== counter.last) {
      counter.last = event.lastEventId;
      counter.ticks += 1;
    }
    if (!writesText) return;
    const update = JSON.parse(event.data);
    const time = update.dateTime.slice(11);
    const text = textByZone.get(update.zone);
    if (text) {
      text.nodeValue = time;
      return;
    }
    const paragraph = document.createElement('p');
    Object.assign(paragraph.style, timeStyle);
    const created = document.createTextNode(time);
    paragraph.append(created);
    document.body.append(paragraph);
    textByZone.set(update.zone, created);
  });
}

/**
 * One floor row: `zones` at sec=1 with `listener` (a key of FLOOR_LISTENERS) in a fresh
 * context, the CPU slowed `throttle` times, counters read `windowSeconds` apart. Returns
 * per-tick milliseconds and the tick count, as `measureTicks` does.
 */
export async function measureFloor({ browser, baseURL, zones, listener, throttle, windowSeconds, problems }) {
  if (!(listener in FLOOR_LISTENERS)) throw new Error(`no floor listener ${listener}`);
  const { context, page, cdp } = await instrumentedPage({ browser, throttle, problems });
  try {
    // The blank document is the server's own `/healthz` (text/plain `ok`), so the stream is
    // same-origin as the page's is: no CORS preflight or header the page does not pay. The
    // server's Content-Security-Policy comes with it and holds: `connect-src 'self'` lets
    // the same-origin EventSource through, `page.evaluate` runs through CDP (no script
    // element, so `script-src` does not apply), and styles set through CSSOM
    // (`element.style`) are no inline `style` attribute for `style-src 'self'` to refuse.
    // Nothing of the page's is loaded: no HTML, CSS, JS or WASM.
    await page.goto(`${baseURL}/healthz`);
    await page.evaluate(openStream, {
      url: streamPath(zones),
      writesText: listener === 'text',
      timeStyle: TIME_STYLE,
    });
    const measured = await countersPerTick({ page, cdp, windowSeconds });
    if (listener === 'text') {
      const shown = await page.locator('body > p').count();
      if (shown !== zones.length) throw new Error(`${zones.length} zones streamed, ${shown} shown`);
    }
    return { cities: zones.length, throttle, listener, ...measured };
  } finally {
    await context.close();
  }
}
