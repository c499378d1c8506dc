import { expect, test } from '@playwright/test';
import { ALL_SLUGS, collectConsoleProblems, expectNoProblems, gotoHydrated, norm, POSTS } from './helpers';

/**
 * Feed discovery: every page head points at both feeds, and the RSS feed
 * lists the published posts, newest first. The feed is parsed by the
 * browser's own XML parser, independent of the server's writer.
 */
test.describe('feeds', () => {
  test('the home page head links to the RSS and Atom feeds', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');
    const rss = page.locator('head link[rel="alternate"][type="application/rss+xml"]');
    const atom = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
    await expect(rss).toHaveCount(1);
    await expect(atom).toHaveCount(1);
    await expect(rss).toHaveAttribute('href', '/rss.xml');
    await expect(atom).toHaveAttribute('href', '/atom.xml');
    await expect(rss).toHaveAttribute('title', /\S/);
    await expect(atom).toHaveAttribute('title', /\S/);
    expectNoProblems(problems);
  });

  test('/rss.xml is RSS and lists the 8 published posts newest first', async ({ page, request }) => {
    const response = await request.get('/rss.xml');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^application\/rss\+xml\b/);
    const xml = await response.text();

    await gotoHydrated(page, '/');
    const feed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.nodeName,
        version: doc.documentElement.getAttribute('version'),
        items: [...doc.querySelectorAll('channel > item')].map((item) => ({
          title: item.querySelector('title')?.textContent ?? '',
          link: item.querySelector('link')?.textContent ?? '',
        })),
      };
    }, xml);

    expect(feed.error).toBeNull();
    expect(feed.root).toBe('rss');
    expect(feed.version).toBe('2.0');
    expect(feed.items.map((i) => i.title)).toEqual(POSTS.map((p) => p.title));
    expect(feed.items.map((i) => norm(new URL(i.link).pathname))).toEqual(ALL_SLUGS.map((s) => `/posts/${s}`));
  });
});
