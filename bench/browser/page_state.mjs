// What the benchmark reads of the world-clock page's state: hydrated, live, and anything
// the page complained about. The selectors are the markup's: `data-hydrated` on <body>
// (src/ui/app.rs) and the status badge (src/ui/components/connection_status.rs).

/** How long a page may take to hydrate and go live, even on a CPU slowed down four times. */
const READY_TIMEOUT_MS = 60_000;
/** How much of one problem the report quotes: a panic's message, not its stack. */
const PROBLEM_CHARS = 300;

/** In the page: true once the WASM has hydrated it and the status badge says `live`. */
function hydratedAndLive() {
  const badge = document.querySelector('.status__badge');
  return document.body?.dataset.hydrated === 'true' && badge?.textContent.trim() === 'live';
}

/** Waits until the page is hydrated and its stream is live. */
export async function waitUntilLive(page) {
  await page.waitForFunction(hydratedAndLive, undefined, { timeout: READY_TIMEOUT_MS, polling: 50 });
}

/**
 * True for the 404 of `/favicon.ico` that Chromium asks for, on its own, of a document that
 * links no icon: the floor's blank `/healthz` (floor.mjs). The page links its icon
 * (`/favicon.svg` or its hashed name), so no request of the page's is hidden by this.
 */
function isDefaultIconMiss(message) {
  const { url } = message.location();
  if (!url || !message.text().startsWith('Failed to load resource')) return false;
  return new URL(url).pathname === '/favicon.ico';
}

/**
 * Records the page's console errors, uncaught exceptions and failed requests into
 * `problems` (a Set, so one problem repeated by every run is reported once). A request
 * cancelled by leaving the page (the event stream, at each navigation) is no problem.
 */
export function recordProblems(page, problems) {
  // Without the stack (a Rust panic says where on its first line and what on its second),
  // and without the server's port, which differs from run to run.
  const add = (text) =>
    problems.add(
      text.split('\n').slice(0, 2).join(' ').replace(/127\.0\.0\.1:\d+/g, '<server>').slice(0, PROBLEM_CHARS),
    );
  page.on('console', (message) => {
    if (isDefaultIconMiss(message)) return;
    if (message.type() === 'error' || message.type() === 'warning') {
      add(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => add(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    if (failure === 'net::ERR_ABORTED') return;
    add(`request failed: ${new URL(request.url()).pathname} (${failure})`);
  });
}
