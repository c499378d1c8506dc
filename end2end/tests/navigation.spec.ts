import { expect, test } from '@playwright/test';
import {
  ALL_SLUGS,
  collectConsoleProblems,
  expectCards,
  expectNoPageLoad,
  expectNoProblems,
  getMarker,
  gotoHydrated,
  isHomeWithTags,
  isPath,
  setMarker,
  slugsTagged,
  tagToggle,
} from './helpers';

/**
 * Islands mode: only the home page's list and the theme toggle are hydrated; the page script
 * follows links by fetching the next page and swapping in its head tags and body.
 */
test.describe('client-side navigation', () => {
  test('swaps every page-specific head tag, leaving exactly one of each', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');
    await setMarker(page);
    const head = page.locator('head');
    await expect(head.locator('script[type="application/ld+json"]')).toHaveCount(0);

    await page.getByRole('link', { name: 'Moving a Blog from Astro', exact: true }).click();
    await expect(page).toHaveURL(isPath('/posts/moving-from-astro'));
    await expect(page).toHaveTitle(/^Moving a Blog from Astro · /);
    await expect(head.locator('link[rel="canonical"]')).toHaveCount(1);
    await expect(head.locator('meta[name="description"]')).toHaveCount(1);
    await expect(head.locator('meta[property="og:url"]')).toHaveAttribute('content', /\/posts\/moving-from-astro$/);
    await expect(head.locator('script[type="application/ld+json"]')).toHaveCount(1);
    // The stylesheet and the page script are kept, once.
    await expect(head.locator('link[rel="stylesheet"]')).toHaveCount(1);
    await expect(head.locator('script[type="module"]')).toHaveCount(1);

    await page.locator('.post-header').getByRole('link', { name: 'Astro' }).click();
    await expect(page).toHaveURL(isPath('/tags/astro'));
    await expect(head.locator('link[rel="alternate"][href="/tags/astro/rss.xml"]')).toHaveCount(1);
    await expect(head.locator('script[type="application/ld+json"]')).toHaveCount(0);

    await page.goBack();
    await expect(page).toHaveURL(isPath('/posts/moving-from-astro'));
    await expect(head.locator('link[rel="alternate"][href="/tags/astro/rss.xml"]')).toHaveCount(0);
    await expect(head.locator('script[type="application/ld+json"]')).toHaveCount(1);
    await expect(head.locator('link[rel="canonical"]')).toHaveCount(1);
    await expectNoPageLoad(page);
    expectNoProblems(problems);
  });

  test('the islands of a page reached without a load come alive', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/posts/hello-quire');
    await setMarker(page);

    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Posts' }).click();
    await expect(page).toHaveURL(isPath('/'));
    await expectCards(page, ALL_SLUGS);
    await tagToggle(page, 'rust').click();
    await expect(page).toHaveURL(isHomeWithTags('rust'));
    await expectCards(page, slugsTagged('rust'));

    // The title match first, then a post that mentions the word in its body.
    await page.getByRole('searchbox', { name: 'Search posts' }).fill('weeknotes');
    await expectCards(page, ['weeknotes-1', 'hello-quire']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('weeknotes');

    const before = await page.locator('html').getAttribute('data-theme');
    await page.locator('.theme-toggle').click();
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', before ?? '');
    await expectNoPageLoad(page);
    expectNoProblems(problems);
  });

  test('back returns to where the reader was on the page', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 400, height: 500 } });
    const page = await context.newPage();
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');
    await setMarker(page);
    // The last post embeds a player, and a page whose policy differs loads for real; the one
    // before it is an ordinary post.
    const last = page.locator('ul.post-list > li.post-card').nth(-2).locator('h2 a');
    await last.scrollIntoViewIfNeeded();
    const y = await page.evaluate(() => scrollY);
    expect(y, 'the home page scrolls at this size').toBeGreaterThan(300);

    await last.click();
    await expect(page).toHaveURL(/\/posts\//);
    // A new page starts at its top, with keyboard focus at the start of the content.
    await expect.poll(() => page.evaluate(() => scrollY)).toBe(0);
    await expect(page.locator('#main')).toBeFocused();

    await page.goBack();
    await expect(page).toHaveURL(isPath('/'));
    await expect.poll(() => page.evaluate(() => scrollY)).toBe(y);
    await expectNoPageLoad(page);
    expectNoProblems(problems);
    await context.close();
  });

  test('links to files are left to the browser', async ({ page }) => {
    await gotoHydrated(page, '/tags/rust');
    await setMarker(page);
    // A link to a file, added for the test: the page script must not fetch it as a page.
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = '/robots.txt';
      a.textContent = 'robots';
      a.id = 'feed-link';
      document.querySelector('main')!.append(a);
    });
    await Promise.all([page.waitForURL('**/robots.txt'), page.locator('#feed-link').click()]);
    expect(await getMarker(page), 'a file is a real navigation').toBeUndefined();
  });
});
