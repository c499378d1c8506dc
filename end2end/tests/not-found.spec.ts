import { expect, test } from '@playwright/test';
import {
  ALL_SLUGS,
  collectConsoleProblems,
  DRAFT_SLUG,
  expectCards,
  expectNoProblems,
  isPath,
  waitForHydration,
} from './helpers';

const MISSING = [
  '/posts/does-not-exist',
  '/tags/nope',
  '/no/such/page',
  // The draft is hidden in the release build, so its URL does not exist either.
  `/posts/${DRAFT_SLUG}`,
];

test.describe('not found', () => {
  for (const path of MISSING) {
    test(`${path} answers 404 with the not-found page`, async ({ page }) => {
      // Chromium logs "Failed to load resource: ... 404" for the document itself: expected here.
      const problems = collectConsoleProblems(page, { expected404Paths: [path] });

      const response = await page.goto(path);
      expect(response, 'a navigation response').not.toBeNull();
      expect(response!.status()).toBe(404);
      expect(response!.headers()['content-type']).toMatch(/text\/html/);

      const notFound = page.locator('section.not-found');
      await expect(notFound.locator('h1')).toHaveText('Page not found');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
      await expect(page.locator('li.post-card')).toHaveCount(0);
      // The site shell is still there.
      await expect(page.locator('header.site-header a.site-title')).toBeVisible();

      // The 404 page hydrates like any other, and its link home works.
      await waitForHydration(page);
      await notFound.getByRole('link', { name: 'Back to all posts' }).click();
      await expect(page).toHaveURL(isPath('/'));
      await expectCards(page, ALL_SLUGS);

      expectNoProblems(problems);
    });
  }

  test('404 status also for plain HTTP requests', async ({ request }) => {
    for (const path of MISSING) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(404);
      expect(await res.text(), path).toContain('Page not found');
    }
  });
});
