// axe-core as the suite runs it: the WCAG 2.1/2.2 A/AA rules and axe's best practices, the
// violations mapped to what a failure message needs, and the server's page read with the
// app's code refused.
//
// axe is a script, and a page with JavaScript off runs none. So for the `no-js` project the
// page is read in a context of its own whose scripts run but whose app never starts: every
// request for the app's code (/pkg/*.js, /pkg/*.wasm) is refused, and the DOM stays exactly
// what the server sent, styled by its stylesheet.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';

/** The rule sets every page must pass. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** One broken rule, as a failed expectation prints it. */
export interface Violation {
  rule: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * The page's accessibility violations (an empty list when it passes).
 *
 * axe runs in the page itself (`setLegacyMode`): the pages have no frames, so the default
 * mode's per-frame partial runs, finished in a blank page of their own, only move every
 * passed node's details between pages. And only violations are detailed (`resultTypes`):
 * passes are counted, not described. Both keep every rule and every violation; on the
 * planned page they cut axe from about 8.8 to 3.1 s (median of 3, interleaved).
 */
export async function axeViolations(page: Page): Promise<Violation[]> {
  const results = await new AxeBuilder({ page })
    .withTags(TAGS)
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
  }));
}

/**
 * The violations of the page at `path` as the server renders it, read in a context of its
 * own (at `viewport`, with `locale` if given) whose app's code is refused.
 */
export async function serverRenderedViolations(
  browser: Browser,
  path: string,
  options: { viewport: { width: number; height: number }; locale?: string },
): Promise<Violation[]> {
  const serverOnly = await browser.newContext({ ...options, javaScriptEnabled: true });
  try {
    await serverOnly.route(/\/pkg\/[^/]+\.(js|wasm)$/, (route) => route.abort());
    const page = await serverOnly.newPage();
    await page.goto(path);
    return await axeViolations(page);
  } finally {
    await serverOnly.close();
  }
}
