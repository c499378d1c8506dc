import { expect, test } from '@playwright/test';
import {
  ALL_SLUGS,
  cards,
  clearFilter,
  collectConsoleProblems,
  expectCards,
  expectNoPageLoad,
  expectNoProblems,
  getMarker,
  gotoHydrated,
  htmlCardSlugs,
  isHomeWithTags,
  norm,
  resultCount,
  setMarker,
  slugsTagged,
  startTags,
  tagFilter,
  tagParams,
  tagToggle,
  TAGS,
  waitForHydration,
} from './helpers';

const RUST = slugsTagged('rust'); // hydration-explained, hello-quire, weeknotes-1
const RUST_AND_WEB = slugsTagged('rust', 'web-dev'); // hydration-explained

test.describe('tag filter (hydrated)', () => {
  test('toggling tags filters client-side, keeps the URL in sync and survives reload and history', async ({
    page,
    request,
  }) => {
    expect(RUST).toEqual(['hydration-explained', 'hello-quire', 'weeknotes-1']);
    expect(RUST_AND_WEB).toEqual(['hydration-explained']);

    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');
    await expectCards(page, ALL_SLUGS);
    await expect(resultCount(page)).toHaveAttribute('aria-live', 'polite');
    await setMarker(page, 42);

    // --- select "Rust" -------------------------------------------------------
    await tagToggle(page, 'rust').click();
    await expect(page).toHaveURL(isHomeWithTags('rust'));
    expect(new URL(page.url()).search).toBe('?tag=rust');
    await expectCards(page, RUST);
    await expect(resultCount(page)).toHaveText('Showing 3 of 9 posts');
    await expect(tagToggle(page, 'rust')).toHaveAttribute('aria-current', 'true');
    await expect(tagToggle(page, 'rust')).toHaveClass(/(^|\s)selected(\s|$)/);
    await expect(tagToggle(page, 'web-dev')).not.toHaveAttribute('aria-current', 'true');
    await expect(clearFilter(page)).toBeVisible();
    await expect(clearFilter(page)).toHaveText('Clear filter');
    await expect(clearFilter(page)).toHaveAttribute('href', '/');
    await expectNoPageLoad(page, 42);

    // --- add "Web Dev" (tags combine with AND) ------------------------------
    await tagFilter(page).getByRole('link', { name: /^Web Dev\s*\d+$/ }).click();
    await expect(page).toHaveURL(isHomeWithTags('rust', 'web-dev'));
    expect(new URL(page.url()).search).toMatch(/tag=rust/);
    expect(new URL(page.url()).search).toMatch(/tag=web-dev/);
    await expectCards(page, RUST_AND_WEB);
    await expect(resultCount(page)).toHaveText('Showing 1 of 9 posts');
    await expect(tagToggle(page, 'rust')).toHaveAttribute('aria-current', 'true');
    await expect(tagToggle(page, 'web-dev')).toHaveAttribute('aria-current', 'true');
    await expect(tagToggle(page, 'web-dev')).toHaveClass(/(^|\s)selected(\s|$)/);
    await expectNoPageLoad(page, 42);

    // --- history: back and forward are handled client-side ------------------
    await page.goBack();
    await expect(page).toHaveURL(isHomeWithTags('rust'));
    await expectCards(page, RUST);
    await expect(resultCount(page)).toHaveText('Showing 3 of 9 posts');
    await expect(tagToggle(page, 'web-dev')).not.toHaveAttribute('aria-current', 'true');
    await expectNoPageLoad(page, 42);

    await page.goForward();
    await expect(page).toHaveURL(isHomeWithTags('rust', 'web-dev'));
    await expectCards(page, RUST_AND_WEB);
    await expectNoPageLoad(page, 42);

    // --- the server renders the same filtered list for this URL -------------
    const raw = await request.get(page.url());
    expect(raw.status()).toBe(200);
    expect(htmlCardSlugs(await raw.text())).toEqual(RUST_AND_WEB);

    // --- reload: a real page load, same result --------------------------------
    await page.reload();
    await waitForHydration(page);
    expect(await getMarker(page), 'reload is a full page load').toBeUndefined();
    await expect(page).toHaveURL(isHomeWithTags('rust', 'web-dev'));
    await expectCards(page, RUST_AND_WEB);
    await expect(resultCount(page)).toHaveText('Showing 1 of 9 posts');
    await expect(tagToggle(page, 'rust')).toHaveAttribute('aria-current', 'true');
    await expect(tagToggle(page, 'web-dev')).toHaveAttribute('aria-current', 'true');

    // --- back again: /?tag=rust ---------------------------------------------
    await page.goBack();
    await expect(page).toHaveURL(isHomeWithTags('rust'));
    await waitForHydration(page);
    await expectCards(page, RUST);
    await expect(resultCount(page)).toHaveText('Showing 3 of 9 posts');

    // --- "Clear filter" ---------------------------------------------------------
    await setMarker(page, 42);
    await tagFilter(page).getByRole('link', { name: 'Clear filter' }).click();
    await expect(page).toHaveURL(isHomeWithTags());
    expect(new URL(page.url()).search).toBe('');
    await expectCards(page, ALL_SLUGS);
    await expect(resultCount(page)).toHaveText(/(^|\D)9 posts$/);
    await expect(clearFilter(page)).toHaveCount(0);
    await expect(tagFilter(page).locator('a.tag-toggle[aria-current="true"]')).toHaveCount(0);
    await expect(tagFilter(page).locator('a.tag-toggle.selected')).toHaveCount(0);
    await expectNoPageLoad(page, 42);

    expectNoProblems(problems);
  });

  test('clicking a selected tag deselects it; keyboard activation works too', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');
    await setMarker(page);

    await tagToggle(page, 'meta').click();
    await expect(page).toHaveURL(isHomeWithTags('meta'));
    await expectCards(page, slugsTagged('meta'));
    await expect(resultCount(page)).toHaveText('Showing 3 of 9 posts');

    // Toggle off again.
    await tagToggle(page, 'meta').click();
    await expect(page).toHaveURL(isHomeWithTags());
    await expectCards(page, ALL_SLUGS);
    await expect(clearFilter(page)).toHaveCount(0);

    // Keyboard: focus the toggle and press Enter.
    await tagToggle(page, 'learning-in-public').focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(isHomeWithTags('learning-in-public'));
    await expectCards(page, slugsTagged('learning-in-public'));
    await expectNoPageLoad(page);

    expectNoProblems(problems);
  });

  test('non-ASCII tags round-trip through the URL', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');
    await setMarker(page);

    await tagToggle(page, '日本語').click();
    await expect(page).toHaveURL(isHomeWithTags('日本語'));
    await expectCards(page, ['notes-from-kyoto']);
    await expectNoPageLoad(page);

    await tagToggle(page, 'café').click();
    await expect(page).toHaveURL(isHomeWithTags('日本語', 'café'));
    await expectCards(page, ['notes-from-kyoto']);
    await expect(resultCount(page)).toHaveText('Showing 1 of 9 posts');

    await page.reload();
    await waitForHydration(page);
    await expectCards(page, ['notes-from-kyoto']);
    await expect(tagToggle(page, '日本語')).toHaveAttribute('aria-current', 'true');
    await expect(tagToggle(page, 'café')).toHaveAttribute('aria-current', 'true');

    expectNoProblems(problems);
  });

  test('a combination that matches nothing shows the empty message', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/?tag=rust&tag=travel');

    await expect(cards(page)).toHaveCount(0);
    await expect(page.locator('p.empty')).toBeVisible();
    await expect(page.locator('p.empty')).toContainText('No posts match');
    await expect(resultCount(page)).toHaveText('Showing 0 of 9 posts');

    // Deselecting one tag brings matches back, client-side.
    await setMarker(page);
    await tagToggle(page, 'travel').click();
    await expect(page).toHaveURL(isHomeWithTags('rust'));
    await expectCards(page, RUST);
    await expect(page.locator('p.empty')).toHaveCount(0);
    await expectNoPageLoad(page);

    expectNoProblems(problems);
  });
});

test.describe('tag filter (server HTML)', () => {
  test('filtered URLs are rendered on the server with working toggle links', async ({ request }) => {
    for (const [query, expected] of [
      ['/', ALL_SLUGS],
      ['/?tag=rust', RUST],
      ['/?tag=rust&tag=web-dev', RUST_AND_WEB],
      ['/?tag=web-dev&tag=rust', RUST_AND_WEB],
      ['/?tag=learning-in-public', slugsTagged('learning-in-public')],
      [`/?tag=${encodeURIComponent('日本語')}`, ['notes-from-kyoto']],
    ] as const) {
      const res = await request.get(query);
      expect(res.status(), query).toBe(200);
      const html = await res.text();
      expect(htmlCardSlugs(html), query).toEqual(expected);
    }

    // Toggle links in the server HTML for /?tag=rust: each link leads to the
    // selection with that tag flipped, so filtering works without JavaScript.
    const html = await (await request.get('/?tag=rust')).text();
    const toggles = startTags(html, 'a').filter((a) => (a['class'] ?? '').split(/\s+/).includes('tag-toggle'));
    expect(toggles.map((a) => norm(a['data-tag'])).sort()).toEqual(TAGS.map((t) => t.slug).sort());

    const rust = toggles.find((a) => a['data-tag'] === 'rust')!;
    expect(rust['aria-current']).toBe('true');
    expect(rust['class'].split(/\s+/)).toContain('selected');
    const rustHref = new URL(rust['href'], 'http://x');
    expect(rustHref.pathname).toBe('/');
    expect(tagParams(rustHref), 'the selected tag links to the selection without it').toEqual([]);

    const web = toggles.find((a) => a['data-tag'] === 'web-dev')!;
    expect(web['aria-current']).toBeUndefined();
    const webHref = new URL(web['href'], 'http://x');
    expect(webHref.pathname).toBe('/');
    expect(tagParams(webHref), 'an unselected tag links to the selection plus it').toEqual(['rust', 'web-dev']);

    const clear = startTags(html, 'a').filter((a) => (a['class'] ?? '').split(/\s+/).includes('tag-clear'));
    expect(clear).toHaveLength(1);
    expect(clear[0]['href']).toBe('/');

    // No clear control when nothing is selected.
    const home = await (await request.get('/')).text();
    expect(startTags(home, 'a').filter((a) => (a['class'] ?? '').split(/\s+/).includes('tag-clear'))).toHaveLength(0);
  });
});
