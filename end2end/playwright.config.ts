import * as path from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

/**
 * End-to-end tests for Quire.
 *
 * They run against the RELEASE server binary (drafts hidden), which
 * `npx playwright test` starts by itself from the repository root, and against
 * the static export that binary writes (tests/static.spec.ts):
 *
 *   cargo leptos build --release      # builds target/release/quire + target/site
 *   cd end2end && npx playwright test
 *
 * Environment knobs:
 *   QUIRE_E2E_URL     base URL of the server (default http://127.0.0.1:3100);
 *                     its host:port is also handed to the server as LEPTOS_SITE_ADDR.
 *   QUIRE_E2E_SERVER  command that starts the server, run from the repository root
 *                     (default ./target/release/quire).
 *   QUIRE_E2E_REUSE_SERVER=1  use a server that is already listening instead of
 *                     failing because the port is taken.
 *   CHROMIUM_PATH     browser executable (default /usr/bin/chromium, Debian's Chromium;
 *                     `npx playwright install` is never needed).
 */
const baseURL = (process.env.QUIRE_E2E_URL || 'http://127.0.0.1:3100').replace(/\/+$/, '');
const siteAddr = new URL(baseURL).host;
const repoRoot = path.resolve(__dirname, '..');

/** A second server over the same posts, three per page, for the pagination tests. */
const PAGED_ADDR = '127.0.0.1:3101'; // keep in step with PAGED_URL in tests/helpers.ts

/** The static export of the sample site, served by a plain static file server. */
const STATIC_ADDR = '127.0.0.1:3102'; // keep in step with STATIC_URL in tests/helpers.ts

/** Leptos settings of the already-built release (cargo-leptos sets them when it runs the server). */
const RELEASE_ENV = {
  LEPTOS_SITE_ROOT: 'target/site',
  LEPTOS_SITE_PKG_DIR: 'pkg',
  LEPTOS_OUTPUT_NAME: 'quire',
  LEPTOS_ENV: 'PROD',
};

/** What every web server of the suite shares: started from the repository root, ready at `addr`. */
function webServerBase(addr: string) {
  return {
    cwd: repoRoot,
    url: `http://${addr}/`,
    reuseExistingServer: !!process.env.QUIRE_E2E_REUSE_SERVER,
    timeout: 120_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  };
}

/**
 * Exports the sample site with the release binary (`quire export`, as `make export` does) and
 * serves the folder with http-server: no server functions, query strings ignored, 404.html for
 * unknown paths, like a CDN.
 */
function staticExport(addr: string) {
  const [host, port] = addr.split(':');
  return {
    ...webServerBase(addr),
    command:
      './target/release/quire export target/e2e-export && ' +
      `end2end/node_modules/.bin/http-server target/e2e-export -a ${host} -p ${port} -c-1 --silent`,
    env: { ...RELEASE_ENV, QUIRE_DRAFTS: '0', RUST_LOG: 'warn' },
  };
}

/** The already-built release server on `addr`, optionally with another settings file. */
function server(addr: string, config?: string) {
  return {
    ...webServerBase(addr),
    // Run from the repository root (cwd), so the path is relative to it.
    command: process.env.QUIRE_E2E_SERVER || './target/release/quire',
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
    env: {
      LEPTOS_SITE_ADDR: addr,
      ...RELEASE_ENV,
      RUST_LOG: 'info',
      ...(config ? { QUIRE_CONFIG: config } : {}),
    },
  };
}

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 1 : 2,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: './test-results',
  // Screenshot baselines (tests/visual.spec.ts), by name only: the README links to them.
  snapshotPathTemplate: '{testDir}/__screenshots__/{arg}{ext}',

  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'en-GB',
    timezoneId: 'UTC',
  },

  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
      },
    },
  ],

  webServer: [
    server(siteAddr),
    server(PAGED_ADDR, 'end2end/fixtures/paged.toml'),
    staticExport(STATIC_ADDR),
  ],
});
