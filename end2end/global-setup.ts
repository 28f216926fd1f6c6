// Runs once before any test: waits until the server under test answers /healthz with `ok` on
// its first line (the clock's state follows it), so no test races a server that is still
// starting (or one that answers with something else).
import type { FullConfig } from '@playwright/test';

export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0].use.baseURL;
  if (!baseURL) throw new Error('playwright.config.ts sets no baseURL');
  const deadline = Date.now() + 60_000;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseURL}/healthz`);
      const body = (await response.text()).trim();
      if (response.status === 200 && body.split('\n')[0] === 'ok') return;
      lastProblem = `status ${response.status}, body ${JSON.stringify(body)}`;
    } catch (error) {
      lastProblem = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${baseURL}/healthz did not answer 200 ok within 60 s: ${lastProblem}`);
}
