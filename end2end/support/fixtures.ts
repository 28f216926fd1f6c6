// Playwright's `test` and `expect` for every spec here, with one addition: a test fails when a
// page of its browser context breaks the Content-Security-Policy, logs a console error or
// throws an uncaught exception, unless the test itself allowed that one problem.
//
// Violations are heard two ways: a `securitypolicyviolation` listener that an init script
// adds to every document (hydrated pages), and the console message Chromium logs for each
// one (which also reaches Playwright when JavaScript is off). A test that provokes an error
// on purpose (it stops the server, say) allows exactly that error with
// `browserProblems.allow(/pattern/, 'why')`; nothing is allowed for every test.
import { test as base, expect, type Page } from '@playwright/test';

export { expect };

/** One thing a page did wrong. */
export interface BrowserProblem {
  kind: 'csp-violation' | 'console-error' | 'page-error';
  text: string;
  /** The page's address when it happened. */
  url: string;
}

/** What a test may ask of the problem recorder. */
export interface BrowserProblems {
  /** Lets problems whose text matches `pattern` pass, in this test only, for `reason`. */
  allow(pattern: RegExp, reason: string): void;
  /** Every problem recorded so far, allowed or not. */
  recorded(): BrowserProblem[];
}

const bindingName = '__worldclockReportViolation';

class ProblemRecorder implements BrowserProblems {
  private readonly problems: BrowserProblem[] = [];
  private readonly allowances: { pattern: RegExp; reason: string }[] = [];

  allow(pattern: RegExp, reason: string): void {
    this.allowances.push({ pattern, reason });
  }

  recorded(): BrowserProblem[] {
    return [...this.problems];
  }

  record(problem: BrowserProblem): void {
    this.problems.push(problem);
  }

  /** The problems no allowance covers, as lines for the failure message. */
  unexpected(): string[] {
    return this.problems
      .filter((problem) => !this.allowances.some(({ pattern }) => pattern.test(problem.text)))
      .map((problem) => `${problem.kind} on ${problem.url}: ${problem.text}`);
  }
}

export const test = base.extend<{ browserProblems: BrowserProblems }>({
  browserProblems: async ({}, use) => {
    await use(new ProblemRecorder());
  },

  // Every page of the test's context is watched from its first script on; the check runs
  // when the context closes, after the test's own steps and before its result is final.
  context: async ({ context, browserProblems }, use) => {
    const recorder = browserProblems as ProblemRecorder;
    await context.exposeBinding(bindingName, ({ page }, text: string) => {
      recorder.record({ kind: 'csp-violation', text, url: page.url() });
    });
    await context.addInitScript((name: string) => {
      document.addEventListener(
        'securitypolicyviolation',
        (event) => {
          const report = (window as unknown as Record<string, (text: string) => void>)[name];
          const where = `${event.sourceFile || event.documentURI}:${event.lineNumber}`;
          const blocked = event.blockedURI || 'inline';
          const sample = event.sample ? ` (${event.sample})` : '';
          report(`${event.effectiveDirective} blocked ${blocked} at ${where}${sample}`);
        },
        true,
      );
    }, bindingName);
    const watch = (page: Page) => {
      page.on('console', (message) => {
        if (message.type() === 'error') {
          recorder.record({ kind: 'console-error', text: message.text(), url: page.url() });
        }
      });
      page.on('pageerror', (error) => {
        recorder.record({ kind: 'page-error', text: `${error.name}: ${error.message}`, url: page.url() });
      });
    };
    context.pages().forEach(watch);
    context.on('page', watch);
    await use(context);
    expect(recorder.unexpected(), 'CSP violations, console errors and uncaught exceptions').toEqual([]);
  },
});
