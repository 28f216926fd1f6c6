// Playwright for the deployment test: nginx in front of two instances (deploy/stack.ts).
// One worker, in order: the checks share one stack and change it as they go.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium';

export default defineConfig({
  testDir: './deploy',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    ignoreHTTPSErrors: true,
    launchOptions: chromiumLaunchOptions,
  },
});
