// The one list of how Chromium is launched here, for the end-to-end suite
// (end2end/support/chromium.ts) and the browser benchmark (bench/browser/chromium.mjs): plain
// JavaScript, so Node imports it as it is and Playwright's TypeScript loader does too.

/** Debian's Chromium: no browser is ever downloaded. */
export const chromiumExecutablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * What this machine needs: no sandbox as root, no GPU, and no background traffic (to hosts a
 * closed network refuses, and bytes and main-thread work no visitor's tab does for this site).
 */
export const chromiumArgs = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);
