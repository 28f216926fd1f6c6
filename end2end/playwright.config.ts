// Playwright for worldclock: Debian's Chromium (no browser downloads), the release server
// started fresh on its own port, and every test run twice: JavaScript off (what the server
// renders) and hydrated (what the WASM makes of it).
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium';

const port = Number(process.env.WORLDCLOCK_E2E_PORT ?? 3107);
export const baseURL = `http://127.0.0.1:${port}`;


export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 1 : 2,
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  use: {
    baseURL,
    browserName: 'chromium',
    // The page speaks the browser's language (Accept-Language): every spec but the
    // language one reads it in English, whatever the machine's locale.
    locale: 'en-US',
    launchOptions: chromiumLaunchOptions,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'no-js', use: { javaScriptEnabled: false } },
    { name: 'hydrated', use: { javaScriptEnabled: true } },
  ],
  // The freshly built release server, from the repository root so it finds Leptos.toml and
  // target/site. Never reused: a stale server would test stale code.
  webServer: {
    command: './target/release/worldclock',
    cwd: '..',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { LEPTOS_SITE_ADDR: `127.0.0.1:${port}`, RUST_LOG: 'warn' },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
