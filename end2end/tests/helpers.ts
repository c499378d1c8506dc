import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

/* ------------------------------------------------------------------------ */
/* Expected content (mirrors posts/ and the contract in posts.md).           */
/* Release build: the draft post "upcoming-features" is hidden.              */
/* ------------------------------------------------------------------------ */

export const SITE_AUTHOR = 'Ada Quill';

export interface ExpectedPost {
  slug: string;
  title: string;
  /** calendar day of <time datetime> (a date-time post carries its full RFC 3339 value) */
  date: string;
  /** tag slugs, in the order written in front matter */
  tags: string[];
  author: string;
}

/** Every published post, newest first (the order of the home page). */
export const POSTS: ExpectedPost[] = [
  { slug: 'notes-from-kyoto', title: 'Notes from Kyoto', date: '2026-03-01', tags: ['travel', '日本語', 'café'], author: SITE_AUTHOR },
  { slug: 'moving-from-astro', title: 'Moving a Blog from Astro', date: '2026-02-20', tags: ['astro', 'web-dev'], author: 'Mara Lindqvist' },
  { slug: 'hydration-explained', title: 'How Hydration Works in Leptos', date: '2026-02-13', tags: ['rust', 'web-dev'], author: 'Mara Lindqvist' },
  { slug: 'a-tour-of-markdown', title: 'A Tour of Markdown in Quire', date: '2026-01-19', tags: ['writing', 'meta'], author: SITE_AUTHOR },
  { slug: 'hello-quire', title: 'Hello, Quire', date: '2026-01-05', tags: ['rust', 'meta'], author: SITE_AUTHOR },
  { slug: 'weeknotes-1', title: 'Weeknotes #1', date: '2025-12-12', tags: ['rust', 'weeknotes', 'learning-in-public'], author: SITE_AUTHOR },
  { slug: 'sourdough', title: 'What Sourdough Taught Me About Shipping', date: '2025-11-20', tags: ['cooking', 'learning-in-public'], author: SITE_AUTHOR },
  { slug: 'static-sites-long-read', title: 'Static Sites, Dynamic Writers: A Long Read', date: '2025-10-02', tags: ['web-dev', 'writing'], author: SITE_AUTHOR },
  { slug: 'richer-posts', title: 'Richer Posts: Components, Math and Pictures', date: '2025-09-01', tags: ['writing', 'meta'], author: SITE_AUTHOR },
];

export const DRAFT_SLUG = 'upcoming-features';

/** The second server: the same posts, three per page (end2end/fixtures/paged.toml). */
export const PAGED_URL = 'http://127.0.0.1:3101';
export const ALL_SLUGS = POSTS.map((p) => p.slug);

export interface ExpectedTag {
  slug: string;
  name: string;
  count: number;
}

/** All 11 tags of published posts with their display names and counts. */
export const TAGS: ExpectedTag[] = [
  { slug: 'rust', name: 'Rust', count: 3 },
  { slug: 'web-dev', name: 'Web Dev', count: 3 },
  { slug: 'meta', name: 'Meta', count: 3 },
  { slug: 'writing', name: 'Writing', count: 3 },
  { slug: 'learning-in-public', name: 'Learning in Public', count: 2 },
  { slug: 'weeknotes', name: 'Weeknotes', count: 1 },
  { slug: 'cooking', name: 'Cooking', count: 1 },
  { slug: 'astro', name: 'Astro', count: 1 },
  { slug: 'travel', name: 'Travel', count: 1 },
  { slug: '日本語', name: '日本語', count: 1 },
  { slug: 'café', name: 'Café', count: 1 },
];

/** Slugs of published posts carrying every one of `tags`, newest first. */
export function slugsTagged(...tags: string[]): string[] {
  return POSTS.filter((p) => tags.every((t) => p.tags.includes(t))).map((p) => p.slug);
}

/* ------------------------------------------------------------------------ */
/* Small text / URL utilities                                                */
/* ------------------------------------------------------------------------ */

/** NFC-normalised, percent-decoded form, so "caf%C3%A9", "café" and "cafe\u0301" compare equal. */
export function norm(s: string | null | undefined): string {
  if (s == null) return '';
  let out = s;
  try {
    out = decodeURIComponent(s);
  } catch {
    /* not percent-encoded */
  }
  return out.normalize('NFC');
}

/** The `tag` query values of a URL (decoded, NFC), sorted. */
export function tagParams(url: string | URL): string[] {
  const u = typeof url === 'string' ? new URL(url, 'http://x') : url;
  return u.searchParams.getAll('tag').map((t) => t.normalize('NFC')).sort();
}

/** Path + query of a URL, percent-decoded and NFC-normalised. */
export function pathAndQuery(url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url, 'http://x') : url;
  return norm(u.pathname) + norm(u.search);
}

/** Predicate for `expect(page).toHaveURL(...)`: same path and the same set of `tag` params. */
export function isHomeWithTags(...tags: string[]): (url: URL) => boolean {
  const want = tags.map((t) => t.normalize('NFC')).sort();
  return (url: URL) =>
    url.pathname === '/' &&
    JSON.stringify(tagParams(url)) === JSON.stringify(want) &&
    // nothing but tag params in the query
    [...url.searchParams.keys()].every((k) => k === 'tag');
}

/** Predicate for `expect(page).toHaveURL(...)`: exactly this (decoded) path and no query. */
export function isPath(p: string): (url: URL) => boolean {
  const want = p.normalize('NFC');
  return (url: URL) => norm(url.pathname) === want && url.search === '';
}

/* ------------------------------------------------------------------------ */
/* Page helpers                                                              */
/* ------------------------------------------------------------------------ */

/** Waits until the WASM bundle has hydrated the current document. */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('body'), 'the page should hydrate (body[data-hydrated="true"])').toHaveAttribute(
    'data-hydrated',
    'true',
    { timeout: 15_000 },
  );
}

/** Navigates to `path`, waits for hydration and returns the navigation response. */
export async function gotoHydrated(page: Page, path: string) {
  const response = await page.goto(path);
  await waitForHydration(page);
  return response;
}

/** Sets a marker on `window`; it survives client-side navigation but not a page load. */
export async function setMarker(page: Page, value = 42): Promise<void> {
  await page.evaluate((v) => {
    (window as unknown as { __quireMarker?: number }).__quireMarker = v;
  }, value);
}

export async function getMarker(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as unknown as { __quireMarker?: number }).__quireMarker);
}

/** Asserts no full page load happened since setMarker(). */
export async function expectNoPageLoad(page: Page, value = 42): Promise<void> {
  expect(await getMarker(page), 'navigation should be client-side (window marker must survive)').toBe(value);
}

export interface ConsoleProblemOptions {
  /** The context runs with JavaScript disabled (script preloads are then refused by the browser). */
  javaScriptDisabled?: boolean;
  /**
   * Paths whose main document is *expected* to answer 404: Chromium logs
   * "Failed to load resource: ... 404" for them, which is not a problem.
   */
  expected404Paths?: string[];
}

/**
 * Records everything that should never happen on a healthy page:
 * console errors and warnings, uncaught exceptions, any console message that
 * mentions hydration or a Rust panic, and failed (not merely aborted) requests.
 * Assert the returned array is empty at the end of the test.
 */
export function collectConsoleProblems(page: Page, options: ConsoleProblemOptions = {}): string[] {
  const problems: string[] = [];
  const expected404 = new Set((options.expected404Paths ?? []).map((p) => p.normalize('NFC')));

  const isExpected404 = (text: string, url: string): boolean => {
    if (!/status of 404/.test(text) || !url) return false;
    try {
      return expected404.has(norm(new URL(url).pathname));
    } catch {
      return false;
    }
  };

  page.on('console', (msg) => {
    const type = msg.type();
    const text = msg.text();
    const url = msg.location()?.url ?? '';
    const mentionsTrouble = /hydration|panicked/i.test(text);
    if (type === 'error' || type === 'warning' || type === 'assert' || mentionsTrouble) {
      if (isExpected404(text, url)) return;
      problems.push(`console.${type}: ${text}${url ? ` (at ${url})` : ''}`);
    }
  });
  page.on('pageerror', (err) => {
    problems.push(`pageerror: ${err.name}: ${err.message}`);
  });
  page.on('crash', () => {
    problems.push('page crashed');
  });
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText ?? 'unknown error';
    // Requests cut short by a navigation (reload, back, a newer fetch) are normal, and so is the
    // browser refusing to preload scripts in a context with JavaScript disabled.
    if (/ERR_ABORTED|NS_BINDING_ABORTED|cancelled/i.test(failure)) return;
    if (options.javaScriptDisabled && failure === 'csp' && /\.(js|wasm)$/.test(new URL(req.url()).pathname)) return;
    problems.push(`requestfailed: ${req.method()} ${req.url()}: ${failure}`);
  });
  return problems;
}

/** Asserts that collectConsoleProblems() caught nothing. */
export function expectNoProblems(problems: string[]): void {
  expect(problems, 'no console errors/warnings, page errors, hydration messages or panics').toEqual([]);
}

/** The visible post cards. */
export function cards(page: Page): Locator {
  return page.locator('ul.post-list > li.post-card').filter({ visible: true });
}

/** data-slug of the visible .post-card elements, in document order. */
export async function cardSlugs(page: Page): Promise<string[]> {
  return cards(page).evaluateAll((els) => els.map((el) => (el.getAttribute('data-slug') ?? '').normalize('NFC')));
}

/** Auto-waiting assertion on the exact list (and order) of visible cards. */
export async function expectCards(page: Page, slugs: string[]): Promise<void> {
  await expect(cards(page)).toHaveCount(slugs.length);
  await expect.poll(() => cardSlugs(page), { message: 'visible post cards (data-slug, in order)' }).toEqual(slugs);
}

/** The tag filter bar on the home page. */
export function tagFilter(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Filter posts by tag' });
}

/** The filter toggle of one tag (by slug) in the tag filter bar. */
export function tagToggle(page: Page, slug: string): Locator {
  return tagFilter(page).locator(`a.tag-toggle[data-tag="${cssString(slug)}"]`);
}

/** The "Clear filter" control. */
export function clearFilter(page: Page): Locator {
  return tagFilter(page).locator('a.tag-clear');
}

export function resultCount(page: Page): Locator {
  return page.locator('p.result-count');
}

/** Escapes a value for use inside a double-quoted CSS attribute selector. */
export function cssString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/* ------------------------------------------------------------------------ */
/* Raw-HTML helpers (server output, no browser)                              */
/* ------------------------------------------------------------------------ */

/** Decodes the few HTML entities a server renderer emits. */
export function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Attributes of one start tag, e.g. `<li class="post-card" data-slug="x">`. */
export function parseAttributes(startTag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  const inner = startTag.replace(/^<\s*[^\s>\/]+/, '').replace(/\/?>$/, '');
  let m: RegExpExecArray | null;
  while ((m = re.exec(inner)) !== null) {
    attrs[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** All start tags named `tag` in `html`, with their attributes. */
export function startTags(html: string, tag: string): Record<string, string>[] {
  const re = new RegExp(`<${tag}(?=[\\s>/])[^>]*>`, 'gi');
  return (html.match(re) ?? []).map(parseAttributes);
}

/** data-slug of every `li.post-card` in server-rendered HTML, in order. */
export function htmlCardSlugs(html: string): string[] {
  return startTags(html, 'li')
    .filter((a) => (a['class'] ?? '').split(/\s+/).includes('post-card'))
    .map((a) => norm(a['data-slug']));
}

/** The static export of the sample site, served by a plain static file server (http-server). */
export const STATIC_URL = 'http://127.0.0.1:3102'; // keep in step with STATIC_ADDR in playwright.config.ts

/** The `<img>` tags of `html` showing a local PNG, JPEG, GIF or WebP picture without a `srcset`. */
export function unresizedPictures(html: string): string[] {
  return (html.match(/<img\b[^>]*>/g) ?? []).filter(
    (tag) => /\ssrc="\/(?!\/)[^"]*\.(?:png|jpe?g|gif|webp)"/i.test(tag) && !/\ssrcset="/.test(tag),
  );
}

/**
 * Waits until the page at `path` offers every local picture with its resized copies. A server
 * makes a new picture's copies after it starts, in the background, and then renders the posts
 * showing it again: its first answers show such a picture sized, without a `srcset`.
 */
export async function untilPicturesResized(request: APIRequestContext, path: string) {
  await expect
    .poll(async () => unresizedPictures(await (await request.get(path)).text()), { timeout: 60_000 })
    .toEqual([]);
}
