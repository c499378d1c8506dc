import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { STATIC_URL } from './helpers';

/**
 * The server-rendered HTML of every page type passes the Nu HTML Checker (npm vnu-jar, on the
 * machine's Java) with zero errors and zero warnings.
 */

const PAGES: [string, string][] = [
  ['home', '/'],
  ['home-filtered', '/?tag=rust&q=rust'],
  ['post-tour', '/posts/a-tour-of-markdown'],
  ['post-kyoto', '/posts/notes-from-kyoto'],
  ['post-long', '/posts/static-sites-long-read'],
  ['post-components', '/posts/richer-posts'],
  ['tags', '/tags'],
  ['tag', '/tags/web-dev'],
  ['not-found', '/posts/no-such-post'],
];

const VNU = path.join(__dirname, '..', 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const OUT = path.join(__dirname, '..', 'output', 'vnu');

interface VnuMessage {
  type: string;
  subType?: string;
  url?: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

test('every page type is valid HTML', async ({ request }) => {
  test.setTimeout(120_000);
  fs.mkdirSync(OUT, { recursive: true });
  const files: string[] = [];
  for (const [name, pagePath] of PAGES) {
    const response = await request.get(pagePath);
    expect([200, 404], pagePath).toContain(response.status());
    const file = path.join(OUT, `${name}.html`);
    fs.writeFileSync(file, await response.text());
    files.push(file);
  }
  // The static export's 404.html is a page of its own (no hydration scripts).
  const staticNotFound = path.join(OUT, 'static-404.html');
  fs.writeFileSync(staticNotFound, await (await request.get(`${STATIC_URL}/404.html`)).text());
  files.push(staticNotFound);

  // vnu writes its JSON report to stderr; --exit-zero-always so the report is read either way.
  const run = spawnSync('java', ['-jar', VNU, '--format', 'json', '--exit-zero-always', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(run.status, `vnu ran: ${run.error ?? ''}`).toBe(0);
  const report = JSON.parse(run.stderr) as { messages: VnuMessage[] };
  const problems = report.messages
    .filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'warning')
    .map((m) => `${path.basename(m.url ?? '')}:${m.lastLine ?? '?'} ${m.type}${m.subType ? `/${m.subType}` : ''}: ${m.message} [${(m.extract ?? '').trim()}]`);
  expect(problems).toEqual([]);
});
