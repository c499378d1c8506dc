import { expect, test } from '@playwright/test';
import {
  cardSlugs,
  collectConsoleProblems,
  expectNoPageLoad,
  expectNoProblems,
  getMarker,
  gotoHydrated,
  setMarker,
} from './helpers';

/** Instant search: filters as you type, state in ?q=, server-rendered for the same URL. */
test.describe('search', () => {
  test('typing filters the list without a page load and updates ?q=', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');
    await setMarker(page);
    await page.getByRole('searchbox', { name: 'Search posts' }).fill('sourdough');
    await expect(page).toHaveURL(/\/\?q=sourdough$/);
    await expect.poll(() => cardSlugs(page)).toEqual(['sourdough']);
    await expectNoPageLoad(page);

    // Search and tags combine: "hydration" among the Rust posts.
    await page.getByRole('searchbox', { name: 'Search posts' }).fill('hydration');
    await page.locator('.tag-toggle[data-tag="rust"]').click();
    await expect.poll(() => cardSlugs(page)).toEqual(['hydration-explained']);
    await expect(page).toHaveURL(/\/\?tag=rust&q=hydration$/);
    await expectNoPageLoad(page);
    expectNoProblems(problems);
  });

  test('the code that loads a page of results is fetched at the first search, not with the page', async ({
    page,
  }) => {
    const wasm: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname);
    });
    await gotoHydrated(page, '/');
    // The page's own bundle only: the release build splits the list loader off (Makefile `build`).
    expect(wasm).toHaveLength(1);
    expect(wasm[0]).toMatch(/^\/pkg\/quire\.[\w-]+\.wasm$/);
    await page.getByRole('searchbox', { name: 'Search posts' }).fill('sourdough');
    await expect.poll(() => cardSlugs(page)).toEqual(['sourdough']);
    expect(wasm).toHaveLength(2);
    expect(wasm[1]).toMatch(/^\/pkg\/split_quire_list\.[\w-]+\.wasm$/);
    // Fetched once: the next search uses the module already loaded.
    await page.getByRole('searchbox', { name: 'Search posts' }).fill('kyoto');
    await expect.poll(() => cardSlugs(page)).toEqual(['notes-from-kyoto']);
    expect(wasm).toHaveLength(2);
  });

  test('a search whose loader cannot be fetched loads the address instead', async ({ page }) => {
    await page.route(/\/pkg\/split_quire_list\.[\w-]+\.wasm$/, (route) => route.abort());
    await gotoHydrated(page, '/');
    await setMarker(page);
    const loaded = page.waitForEvent('load');
    await page.getByRole('searchbox', { name: 'Search posts' }).fill('sourdough');
    // The server renders the address the island could not load: a page load, the marker gone.
    await loaded;
    expect(await getMarker(page)).toBeUndefined();
    await expect(page).toHaveURL(/\/\?q=sourdough$/);
    await expect.poll(() => cardSlugs(page)).toEqual(['sourdough']);
  });

  test('a search URL is rendered by the server', async ({ request }) => {
    const res = await request.get('/?q=kyoto');
    expect(res.status()).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-slug="notes-from-kyoto"');
    expect(html).not.toContain('data-slug="hello-quire"');
    expect(html).toMatch(/value="kyoto"|Showing 1 of 9 posts/);
  });

  test('the search form works without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/?tag=rust');
    await page.getByRole('searchbox', { name: 'Search posts' }).fill('weeknotes');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/\?tag=rust&q=weeknotes$/);
    // The title match first, then a Rust post that mentions the word in its body.
    expect(await cardSlugs(page)).toEqual(['weeknotes-1', 'hello-quire']);
    await context.close();
  });
});
