import { expect, test, type Page } from '@playwright/test';
import {
  STATIC_URL,
  cardSlugs,
  collectConsoleProblems,
  expectNoPageLoad,
  expectNoProblems,
  gotoHydrated,
  norm,
  setMarker,
} from './helpers';

/**
 * Search reads whole posts: body text (not code blocks), title and tag matches ranked first,
 * excerpts with the matched words marked. On `quire serve` the island calls the `list` server
 * function; on the static export it fetches only the index files its words need.
 */

/** Paths (with queries) of every request the page makes from now on. */
function recordRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    paths.push(norm(url.pathname) + url.search);
  });
  return paths;
}

async function search(page: Page, words: string) {
  await page.getByRole('searchbox', { name: 'Search posts' }).fill(words);
}

for (const [where, base] of [
  ['the server', ''],
  ['the static export', STATIC_URL],
] as const) {
  test.describe(`full-text search on ${where}`, () => {
    test('a phrase from a post body finds it, with the words marked in an excerpt', async ({
      page,
    }) => {
      const problems = collectConsoleProblems(page);
      const requests = recordRequests(page);
      await gotoHydrated(page, `${base}/`);
      await setMarker(page);
      await search(page, 'progressive enhancement');
      await expect.poll(() => cardSlugs(page)).toEqual(['static-sites-long-read']);
      const excerpt = page.locator('.post-card .excerpt');
      await expect(excerpt).toContainText('progressive enhancement');
      await expect(excerpt.locator('mark')).toHaveText(['progressive', 'enhancement']);
      await expectNoPageLoad(page);
      if (base) {
        expect(requests.filter((p) => p.startsWith('/api/')), 'no server on a static host').toEqual([]);
        expect(requests).toContain('/search/terms/pro.json');
        expect(requests).toContain('/search/terms/enh.json');
      } else {
        expect(requests.some((p) => p.startsWith('/api/list?'))).toBe(true);
      }
      expectNoProblems(problems);
    });

    test('title matches rank above body matches', async ({ page }) => {
      await gotoHydrated(page, `${base}/`);
      await search(page, 'hydration');
      await expect.poll(async () => (await cardSlugs(page))[0]).toBe('hydration-explained');
      const slugs = await cardSlugs(page);
      expect(slugs).toContain('static-sites-long-read');
      expect(slugs).toContain('moving-from-astro');
      // Body matches show where they matched.
      await expect(
        page.locator('.post-card[data-slug="moving-from-astro"] .excerpt mark').first(),
      ).toHaveText(/hydration/i);
    });

    test('words that appear only in code blocks find nothing', async ({ page }) => {
      await gotoHydrated(page, `${base}/`);
      await search(page, 'capacity');
      await expect(page.locator('.empty')).toHaveText('No posts match this filter.');
    });

    test('an address with a search is followed after loading', async ({ page }) => {
      await gotoHydrated(page, `${base}/?q=progressive`);
      await expect.poll(() => cardSlugs(page)).toEqual(['static-sites-long-read']);
      await expect(page.locator('.result-count')).toContainText('Showing 1 of');
    });
  });
}

test('a repeated search is answered without a second request', async ({ page }) => {
  const requests = recordRequests(page);
  const count = page.locator('.result-count');
  await gotoHydrated(page, `${STATIC_URL}/`);
  await search(page, 'kyoto');
  await expect(count).toContainText('Showing');
  await expect.poll(() => cardSlugs(page)).toContain('notes-from-kyoto');
  await search(page, '');
  await expect(count).not.toContainText('Showing');
  const before = requests.length;
  await search(page, 'kyoto');
  await expect(count).toContainText('Showing');
  await expect.poll(() => cardSlugs(page)).toContain('notes-from-kyoto');
  expect(requests.slice(before).filter((p) => p.startsWith('/search/'))).toEqual([]);
});

test('an address past the last page on a static host stays put instead of reloading', async ({ page }) => {
  const problems = collectConsoleProblems(page);
  // The host serves the home page's index.html for any query string; the island cannot make a
  // page of it and must not load the same address again and again.
  await gotoHydrated(page, `${STATIC_URL}/?page=99`);
  await setMarker(page);
  await page.waitForTimeout(1000);
  await expectNoPageLoad(page);
  await expect(page.locator('.post-card').first()).toBeVisible();
  // The island says why it kept the page it has; nothing else may go wrong.
  expectNoProblems(problems.filter((p) => !/no page of posts for this address/.test(p)));
});
