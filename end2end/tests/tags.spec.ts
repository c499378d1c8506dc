import { expect, test, type Page } from '@playwright/test';
import {
  collectConsoleProblems,
  cssString,
  expectCards,
  expectNoPageLoad,
  expectNoProblems,
  gotoHydrated,
  htmlCardSlugs,
  isPath,
  norm,
  resultCount,
  setMarker,
  slugsTagged,
  TAGS,
} from './helpers';

function tagListItem(page: Page, slug: string) {
  return page.locator('ul.tag-list > li').filter({
    has: page.locator(`a.tag-chip[href="/tags/${cssString(slug)}"], a.tag-chip[href="/tags/${cssString(encodeURIComponent(slug))}"]`),
  });
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test.describe('tags', () => {
  test('/tags lists all 11 tags with their counts', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    const response = await gotoHydrated(page, '/tags');
    expect(response?.status()).toBe(200);

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tags');
    const items = page.locator('ul.tag-list > li');
    await expect(items).toHaveCount(TAGS.length);

    const hrefs = (await items.locator('a.tag-chip').evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''))).map(norm);
    expect(hrefs.sort()).toEqual(TAGS.map((t) => `/tags/${t.slug}`).sort());

    for (const tag of TAGS) {
      const item = tagListItem(page, tag.slug);
      await expect(item, tag.slug).toHaveCount(1);
      await expect(item.locator('a.tag-chip')).toHaveText(tag.name);
      await expect(item.locator('.count')).toHaveText(String(tag.count));
    }

    expectNoProblems(problems);
  });

  test('clicking a tag opens its page client-side, listing its posts newest first', async ({ page }) => {
    const problems = collectConsoleProblems(page);

    // Home -> "Tags" in the site nav.
    await gotoHydrated(page, '/');
    await setMarker(page);
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Tags' }).click();
    await expect(page).toHaveURL(isPath('/tags'));
    await expect(page.locator('ul.tag-list > li')).toHaveCount(TAGS.length);
    await expectNoPageLoad(page);

    // /tags -> "Learning in Public".
    await page.locator('ul.tag-list').getByRole('link', { name: 'Learning in Public', exact: true }).click();
    await expect(page).toHaveURL(isPath('/tags/learning-in-public'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Posts tagged Learning in Public');
    await expect(page.locator('h1 .tag-name')).toHaveText('Learning in Public');
    await expect(resultCount(page)).toHaveText('2 posts');
    await expectCards(page, slugsTagged('learning-in-public'));
    expect(slugsTagged('learning-in-public')).toEqual(['weeknotes-1', 'sourdough']);
    await expect(page).toHaveTitle(/Learning in Public/);
    await expectNoPageLoad(page);

    // Back to /tags, then "Rust".
    await page.goBack();
    await expect(page).toHaveURL(isPath('/tags'));
    await page.locator('ul.tag-list').getByRole('link', { name: 'Rust', exact: true }).click();
    await expect(page).toHaveURL(isPath('/tags/rust'));
    await expect(page.locator('h1 .tag-name')).toHaveText('Rust');
    await expect(resultCount(page)).toHaveText('3 posts');
    await expectCards(page, slugsTagged('rust'));
    await expectNoPageLoad(page);

    // A card's title link on a tag page leads to the post.
    await page.locator('ul.post-list').getByRole('link', { name: 'Hello, Quire', exact: true }).click();
    await expect(page).toHaveURL(isPath('/posts/hello-quire'));
    await expect(page.locator('article.post h1')).toHaveText('Hello, Quire');
    await expectNoPageLoad(page);

    expectNoProblems(problems);
  });

  test('a tag chip on a home-page card opens the tag page', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');
    await setMarker(page);

    await page.locator('li.post-card[data-slug="sourdough"] a.tag-chip[href="/tags/cooking"]').click();
    await expect(page).toHaveURL(isPath('/tags/cooking'));
    await expect(page.locator('h1 .tag-name')).toHaveText('Cooking');
    await expect(resultCount(page)).toHaveText(/^1 posts?$/);
    await expectCards(page, ['sourdough']);
    await expectNoPageLoad(page);

    expectNoProblems(problems);
  });

  test('non-ASCII tag pages work, directly and client-side', async ({ page }) => {
    const problems = collectConsoleProblems(page);

    await gotoHydrated(page, `/tags/${encodeURIComponent('日本語')}`);
    await expect(page.locator('h1 .tag-name')).toHaveText('日本語');
    await expect(resultCount(page)).toHaveText(/^1 posts?$/);
    await expectCards(page, ['notes-from-kyoto']);

    // Card chip "Café" -> /tags/café without a page load.
    await setMarker(page);
    await page
      .locator('li.post-card[data-slug="notes-from-kyoto"] a.tag-chip')
      .filter({ hasText: new RegExp(`^\\s*${escapeRe('Café')}\\s*$`, 'i') })
      .click();
    await expect(page).toHaveURL(isPath('/tags/café'));
    await expect(page.locator('h1 .tag-name')).toHaveText('Café');
    await expectCards(page, ['notes-from-kyoto']);
    await expectNoPageLoad(page);

    expectNoProblems(problems);
  });

  test('every tag page is server-rendered with exactly its posts', async ({ request }) => {
    for (const tag of TAGS) {
      const res = await request.get(`/tags/${encodeURIComponent(tag.slug)}`);
      expect(res.status(), tag.slug).toBe(200);
      const html = await res.text();
      expect(htmlCardSlugs(html), tag.slug).toEqual(slugsTagged(tag.slug));
      const count = html.match(/<p[^>]*class="result-count"[^>]*>([\s\S]*?)<\/p>/);
      expect(count, `${tag.slug}: p.result-count`).not.toBeNull();
      const countText = count![1].replace(/<!--[\s\S]*?-->|<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
      expect(countText, tag.slug).toMatch(new RegExp(`^${tag.count} posts?$`));
    }
  });
});
