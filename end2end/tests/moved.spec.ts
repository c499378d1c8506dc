import { expect, test } from '@playwright/test';
import {
  collectConsoleProblems,
  expectNoPageLoad,
  expectNoProblems,
  gotoHydrated,
  isPath,
  setMarker,
} from './helpers';

/**
 * A moved blog: series links and old addresses, followed without page loads. The sample posts
 * `static-sites-long-read` and `weeknotes-1` are the two parts of a series, and the second
 * keeps its old address `/weeknotes/1` as an alias.
 */
test.describe('series and old addresses', () => {
  test('the series box links every part and marks this one', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/posts/static-sites-long-read');
    await setMarker(page);
    const series = page.getByRole('navigation', { name: 'Series' });
    await expect(series.locator('.series-title')).toHaveText('Part 1 of 2 of Writing a blog engine');
    await expect(series.locator('[aria-current="page"]')).toHaveText(/Static Sites, Dynamic Writers/);

    await series.getByRole('link', { name: 'Weeknotes #1' }).click();
    await expect(page).toHaveURL(isPath('/posts/weeknotes-1'));
    await expect(page.getByRole('navigation', { name: 'Series' }).locator('.series-title')).toHaveText(
      'Part 2 of 2 of Writing a blog engine',
    );
    await page
      .getByRole('navigation', { name: 'Series' })
      .getByRole('link', { name: 'Writing a blog engine' })
      .click();
    await expect(page).toHaveURL(isPath('/series/writing-a-blog-engine'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('The series Writing a blog engine');
    const titles = await page.locator('.post-card h2 a').allTextContents();
    expect(titles.map((t) => t.trim())).toEqual([
      'Static Sites, Dynamic Writers: A Long Read',
      'Weeknotes #1',
    ]);
    await expectNoPageLoad(page);
    expectNoProblems(problems);
  });

  test('a link to an old address lands on the post without a page load', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/posts/static-sites-long-read');
    await setMarker(page);
    await page.locator('.post-body').getByRole('link', { name: 'the next part' }).click();
    await expect(page).toHaveURL(isPath('/posts/weeknotes-1'));
    await expect(page).toHaveTitle(/^Weeknotes #1 · /);
    await expectNoPageLoad(page);
    expectNoProblems(problems);
  });

  test('an old address answers 301 to the post', async ({ request }) => {
    const response = await request.get('/weeknotes/1', { maxRedirects: 0 });
    expect(response.status()).toBe(301);
    expect(response.headers()['location']).toBe('/posts/weeknotes-1');
  });
});
