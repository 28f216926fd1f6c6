// axe-core over every page a person can reach, at a desktop and a phone width, with
// JavaScript off (what the server renders) and hydrated: no WCAG 2.1/2.2 A/AA violation, and
// none of axe's best practices broken either.
//
// axe is a script, and a page with JavaScript off runs none. So in the `no-js` project it reads
// the server's page in a context of its own whose scripts run but whose app never starts: every
// request for the app's code (/pkg/*.js, /pkg/*.wasm) is refused, and the DOM stays exactly
// what the server sent, styled by its stylesheet.
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

const PAGES = [
  { name: 'the default home page', path: '/' },
  { name: 'a home page of chosen cities', path: '/?cities=seoul-kr,london-gb,new-york-city-us,kathmandu-np&sec=1' },
  { name: 'a home page naming an unknown city', path: '/?cities=seoul-kr,Atlantis' },
  { name: 'a planned home page', path: '/?cities=seoul-kr,london-gb,new-york-city-us,kathmandu-np&sec=1&at=2027-03-28T01:00Z' },
  { name: 'the reports page', path: '/reports' },
  { name: 'the not-found page', path: '/no-such-page', notFound: true },
];

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

for (const viewport of WIDTHS) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport });
    for (const { name, path, notFound } of PAGES) {
      test(`${name} has no accessibility violation`, async ({ page, browser, javaScriptEnabled, browserProblems }) => {
        if (notFound) browserProblems.allow(/status of 404 \(Not Found\)/, 'the page is a 404 on purpose');
        let checked: Page = page;
        let serverOnly: BrowserContext | undefined;
        if (javaScriptEnabled) {
          await page.goto(path);
          await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
        } else {
          serverOnly = await browser.newContext({ viewport, javaScriptEnabled: true });
          await serverOnly.route(/\/pkg\/[^/]+\.(js|wasm)$/, (route) => route.abort());
          checked = await serverOnly.newPage();
          await checked.goto(path);
        }
        const results = await new AxeBuilder({ page: checked })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
          .analyze();
        await serverOnly?.close();
        const violations = results.violations.map((violation) => ({
          rule: violation.id,
          impact: violation.impact,
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
        }));
        expect(violations, `axe-core on ${path} at ${viewport.width} px`).toEqual([]);
      });
    }
  });
}
