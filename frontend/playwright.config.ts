import { defineConfig, devices } from '@playwright/test';

// End-to-end tests run in Debian's Chromium (never a downloaded browser) against the real running
// stack: API, database and demo data, e.g. `STORESYNC_URL=http://127.0.0.1:7181 npx playwright test`.
export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  // The scenario is one story told in order (roll-out → review → schedule → author sees the verdict).
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: process.env.STORESYNC_URL ?? 'http://127.0.0.1:7071',
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/Chicago',
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
