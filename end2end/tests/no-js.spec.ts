import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import {
  ALL_SLUGS,
  collectConsoleProblems,
  expectCards,
  expectNoProblems,
  isHomeWithTags,
  isPath,
  resultCount,
  slugsTagged,
  tagFilter,
  tagToggle,
} from './helpers';

/**
 * Progressive enhancement: with JavaScript disabled every link is a plain
 * link and the server renders complete pages (no streaming placeholders).
 */
async function noJsPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const problems = collectConsoleProblems(page, { javaScriptDisabled: true });
  return { context, page, problems };
}

test.describe('without JavaScript', () => {
  test('the home page is complete and tag toggles are plain links', async ({ browser, baseURL }) => {
    const { context, page, problems } = await noJsPage(browser);
    try {
      const response = await page.goto(baseURL + '/');
      expect(response?.status()).toBe(200);
      await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');
      await expectCards(page, ALL_SLUGS);

      // Click "Rust": a real navigation to /?tag=rust, filtered by the server.
      await Promise.all([page.waitForURL(isHomeWithTags('rust')), tagToggle(page, 'rust').click()]);
      await expectCards(page, slugsTagged('rust'));
      await expect(resultCount(page)).toHaveText('Showing 3 of 9 posts');
      await expect(tagToggle(page, 'rust')).toHaveAttribute('aria-current', 'true');

      // Add "Web Dev".
      await Promise.all([
        page.waitForURL(isHomeWithTags('rust', 'web-dev')),
        tagFilter(page).getByRole('link', { name: /^Web Dev\s*\d+$/ }).click(),
      ]);
      await expectCards(page, ['hydration-explained']);
      await expect(resultCount(page)).toHaveText('Showing 1 of 9 posts');

      // Deselect "Rust" again.
      await Promise.all([page.waitForURL(isHomeWithTags('web-dev')), tagToggle(page, 'rust').click()]);
      await expectCards(page, slugsTagged('web-dev'));

      // Clear filter.
      await Promise.all([
        page.waitForURL(isHomeWithTags()),
        tagFilter(page).getByRole('link', { name: 'Clear filter' }).click(),
      ]);
      await expectCards(page, ALL_SLUGS);

      expectNoProblems(problems);
    } finally {
      await context.close();
    }
  });

  test('a filtered URL opened directly is rendered by the server', async ({ browser, baseURL }) => {
    const { context, page, problems } = await noJsPage(browser);
    try {
      await page.goto(baseURL + '/?tag=rust&tag=web-dev');
      await expectCards(page, ['hydration-explained']);
      await expect(tagToggle(page, 'rust')).toHaveAttribute('aria-current', 'true');
      await expect(tagToggle(page, 'web-dev')).toHaveAttribute('aria-current', 'true');
      await expect(tagFilter(page).locator('a.tag-clear')).toHaveAttribute('href', '/');
      expectNoProblems(problems);
    } finally {
      await context.close();
    }
  });

  test('tag chips lead to tag pages, titles lead to posts', async ({ browser, baseURL }) => {
    const { context, page, problems } = await noJsPage(browser);
    try {
      await page.goto(baseURL + '/');

      const card = page.locator('li.post-card[data-slug="hello-quire"]');
      await Promise.all([
        page.waitForURL(isPath('/tags/rust')),
        card.locator('a.tag-chip[href="/tags/rust"]').click(),
      ]);
      await expect(page.locator('h1 .tag-name')).toHaveText('Rust');
      await expect(resultCount(page)).toHaveText('3 posts');
      await expectCards(page, slugsTagged('rust'));

      await Promise.all([
        page.waitForURL(isPath('/posts/hydration-explained')),
        page.getByRole('link', { name: 'How Hydration Works in Leptos', exact: true }).click(),
      ]);
      await expect(page.locator('article.post h1')).toHaveText('How Hydration Works in Leptos');
      await expect(page.locator('article.post .post-body pre code').first()).toBeVisible();

      // The site nav works as plain links as well.
      await Promise.all([
        page.waitForURL(isPath('/tags')),
        page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Tags' }).click(),
      ]);
      await expect(page.locator('ul.tag-list > li')).toHaveCount(11);

      expectNoProblems(problems);
    } finally {
      await context.close();
    }
  });

  test('a post page is fully rendered on the server', async ({ browser, baseURL }) => {
    const { context, page, problems } = await noJsPage(browser);
    try {
      await page.goto(baseURL + '/posts/a-tour-of-markdown');
      await expect(page).toHaveTitle(/A Tour of Markdown in Quire/);
      const body = page.locator('article.post .post-body');
      await expect(body.getByRole('heading', { level: 2, name: 'Lists' })).toBeVisible();
      await expect(body.locator('table th').first()).toBeVisible();
      await expect(body.locator('sup.footnote-reference').first()).toBeVisible();
      await expect(body.locator('.footnote-definition')).toHaveCount(2);
      expectNoProblems(problems);
    } finally {
      await context.close();
    }
  });
});
