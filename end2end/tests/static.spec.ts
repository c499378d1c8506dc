import { expect, test, type Page } from '@playwright/test';
import {
  ALL_SLUGS,
  POSTS,
  STATIC_URL,
  collectConsoleProblems,
  expectCards,
  expectNoPageLoad,
  expectNoProblems,
  gotoHydrated,
  norm,
  setMarker,
  slugsTagged,
  tagToggle,
} from './helpers';

/**
 * The static export (`quire export`) served by http-server, a plain static file server with no
 * server functions and no query strings: the same pages must read, hydrate, navigate and filter.
 */

/** Paths of every request the page makes from now on. */
function recordRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => paths.push(norm(new URL(request.url()).pathname)));
  return paths;
}

test.describe('static export', () => {
  test('the home page hydrates and lists every published post', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    const requests = recordRequests(page);
    await gotoHydrated(page, `${STATIC_URL}/`);
    await expectCards(page, ALL_SLUGS);
    expect(requests.filter((p) => p.startsWith('/api/')), 'no server function calls').toEqual([]);
    expectNoProblems(problems);
  });

  test('links navigate client-side, fetching the next page from the host', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    const requests = recordRequests(page);
    await gotoHydrated(page, `${STATIC_URL}/`);
    await setMarker(page);
    const post = POSTS[0];
    await page.getByRole('link', { name: post.title, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(post.title);
    // The host answers `/posts/x` with a redirect to its folder, `/posts/x/`; the address
    // follows the redirect, as a page load would.
    await expect(page).toHaveURL(new RegExp(`^${STATIC_URL}/posts/${post.slug}/?$`));
    await expect(page).toHaveTitle(new RegExp(post.title));
    expect(requests).toContain(`/posts/${post.slug}`);

    await page.locator('.post-header').getByRole('link', { name: 'Travel' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Posts tagged Travel');
    await expectCards(page, slugsTagged('travel'));
    expect(requests).toContain('/tags/travel');
    await expectNoPageLoad(page);

    await page.goBack();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(post.title);
    await page.goBack();
    await expectCards(page, ALL_SLUGS);
    await expectNoPageLoad(page);
    expect(requests.filter((p) => p.startsWith('/api/') || p.startsWith('/data/'))).toEqual([]);
    expectNoProblems(problems);
  });

  test('the tag filter runs in the browser over the posts on the page', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, `${STATIC_URL}/`);
    await setMarker(page);
    await tagToggle(page, 'rust').click();
    await expect(page).toHaveURL(`${STATIC_URL}/?tag=rust`);
    await expectCards(page, slugsTagged('rust'));
    await tagToggle(page, 'web-dev').click();
    await expectCards(page, slugsTagged('rust', 'web-dev'));
    await expectNoPageLoad(page);
    expectNoProblems(problems);
  });

  test('a filtered or searched address shows its result once hydrated', async ({ page }) => {
    // The host serves the unfiltered index.html for these; the browser applies the query.
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, `${STATIC_URL}/?tag=learning-in-public`);
    await expectCards(page, slugsTagged('learning-in-public'));
    await expect(tagToggle(page, 'learning-in-public')).toHaveAttribute('aria-current', 'true');

    await gotoHydrated(page, `${STATIC_URL}/?q=sourdough`);
    await expectCards(page, ['sourdough']);
    await expect(page.getByRole('searchbox', { name: 'Search posts' })).toHaveValue('sourdough');
    expectNoProblems(problems);
  });

  test('a post opened directly is complete and hydrates', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    const post = POSTS.find((p) => p.slug === 'hello-quire')!;
    const response = await gotoHydrated(page, `${STATIC_URL}/posts/${post.slug}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(post.title);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', new RegExp(`/posts/${post.slug}$`));
    expectNoProblems(problems);
  });

  test('an unknown address gets the 404 page with status 404', async ({ page }) => {
    const response = await page.goto(`${STATIC_URL}/posts/no-such-post`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await page.getByRole('link', { name: 'Back to all posts' }).click();
    await expect(page).toHaveURL(`${STATIC_URL}/`);
    await expectCards(page, ALL_SLUGS);
  });

  test('feeds, sitemap and robots.txt are files of the export', async ({ request }) => {
    for (const [path, marker] of [
      ['/rss.xml', '<rss'],
      ['/atom.xml', '<feed'],
      ['/tags/rust/rss.xml', '<rss'],
      ['/sitemap.xml', '<urlset'],
      ['/robots.txt', 'Sitemap:'],
      ['/data/posts.json', '"posts"'],
    ]) {
      const response = await request.get(`${STATIC_URL}${path}`);
      expect(response.status(), path).toBe(200);
      expect(await response.text(), path).toContain(marker);
    }
  });
});
