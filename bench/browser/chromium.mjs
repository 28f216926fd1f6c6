// Launches Debian's Chromium through the Playwright library the end-to-end suite installed
// (end2end/node_modules): the benchmark adds no npm package and never downloads a browser.
import { createRequire } from 'node:module';

import { chromiumArgs, chromiumExecutablePath } from '../../end2end/support/chromium-flags.mjs';

// Resolved from end2end/package.json, so Node finds end2end/node_modules from bench/browser/.
const requireFromEnd2end = createRequire(new URL('../../end2end/package.json', import.meta.url));

/** Playwright's `chromium` launcher, or a sentence saying how to install it. */
function playwrightChromium() {
  try {
    return requireFromEnd2end('@playwright/test').chromium;
  } catch (error) {
    throw new Error(
      `cannot load @playwright/test from end2end/node_modules (${error.message}); ` +
        'run `cd end2end && npm ci` (or `make tools`) first',
    );
  }
}

/**
 * The browser every measurement runs in, launched as the end-to-end suite launches it
 * (end2end/support/chromium-flags.mjs): no sandbox as root, no GPU, and no background traffic
 * that would add bytes and main-thread work no visitor's tab does for this site.
 */
export async function launchChromium() {
  return playwrightChromium().launch({
    executablePath: chromiumExecutablePath,
    headless: true,
    args: [...chromiumArgs],
  });
}

/** A fresh context (empty cache, no storage) at the desktop viewport the issue measures. */
export async function freshContext(browser) {
  return browser.newContext({ viewport: { width: 1280, height: 800 } });
}
