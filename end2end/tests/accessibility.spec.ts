// axe-core over every page a person can reach, at a desktop and a phone width, with
// JavaScript off (what the server renders) and hydrated: no WCAG 2.1/2.2 A/AA violation, and
// none of axe's best practices broken either (end2end/support/axe.ts says how a page with
// JavaScript off is read).
import { axeViolations, serverRenderedViolations } from '../support/axe';
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
        let violations;
        if (javaScriptEnabled) {
          await page.goto(path);
          await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
          violations = await axeViolations(page);
        } else {
          violations = await serverRenderedViolations(browser, path, { viewport });
        }
        expect(violations, `axe-core on ${path} at ${viewport.width} px`).toEqual([]);
      });
    }
  });
}
