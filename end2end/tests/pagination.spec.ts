import { expect, test } from '@playwright/test';
import {
  ALL_SLUGS,
  PAGED_URL,
  cardSlugs,
  collectConsoleProblems,
  expectNoPageLoad,
  expectNoProblems,
  gotoHydrated,
  setMarker,
  slugsTagged,
} from './helpers';

/** Three posts per page on the second server: 9 posts make three pages of 3. */
test.describe('pagination', () => {
  test('older and newer links walk the pages client-side', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, `${PAGED_URL}/`);
    expect(await cardSlugs(page)).toEqual(ALL_SLUGS.slice(0, 3));
    await expect(page.locator('.pager-position')).toHaveText('Page 1 of 3');
    await setMarker(page);

    await page.getByRole('link', { name: 'Older posts →' }).click();
    await expect(page).toHaveURL(`${PAGED_URL}/page/2`);
    await expect.poll(() => cardSlugs(page)).toEqual(ALL_SLUGS.slice(3, 6));
    await page.getByRole('link', { name: 'Older posts →' }).click();
    await expect.poll(() => cardSlugs(page)).toEqual(ALL_SLUGS.slice(6));
    await expect(page.getByRole('link', { name: 'Older posts →' })).toHaveCount(0);
    await page.getByRole('link', { name: '← Newer posts' }).click();
    await expect(page).toHaveURL(`${PAGED_URL}/page/2`);
    await expectNoPageLoad(page);
    expectNoProblems(problems);
  });

  test('filtering restarts at page 1 and pages stay within the filter', async ({ page }) => {
    await gotoHydrated(page, `${PAGED_URL}/page/2`);
    await page.locator('.tag-toggle[data-tag="rust"]').click();
    await expect(page).toHaveURL(`${PAGED_URL}/?tag=rust`);
    await expect.poll(() => cardSlugs(page)).toEqual(slugsTagged('rust'));
    await expect(page.locator('.pager')).toHaveCount(0);
  });

  test('out-of-range pages are 404, pages are server-rendered', async ({ request }) => {
    for (const path of ['/page/4', '/?page=0', '/?tag=rust&page=2', '/tags/rust/page/2']) {
      const res = await request.get(`${PAGED_URL}${path}`);
      expect(res.status(), path).toBe(404);
    }
    const res = await request.get(`${PAGED_URL}/?page=3`);
    expect(res.status()).toBe(200);
    const html = await res.text();
    for (const slug of ALL_SLUGS.slice(6)) expect(html).toContain(`data-slug="${slug}"`);
    expect(html).toContain('Page 3 of 3');
  });
});
