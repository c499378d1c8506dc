import { expect, test } from '@playwright/test';
import { collectConsoleProblems, expectNoProblems, gotoHydrated } from './helpers';

/** Reading features of the post page: table of contents, heading anchors, highlighting, reading time. */
test.describe('reading features', () => {
  const TOUR = '/posts/a-tour-of-markdown';

  test('the tour post has a table of contents whose links jump to its headings', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, TOUR);

    const toc = page.getByRole('navigation', { name: 'Contents' });
    await expect(toc).toBeVisible();
    // The contents come before the body.
    const tocFirst = await page.evaluate(() => {
      const nav = document.querySelector('nav.toc');
      const body = document.querySelector('.post-body');
      return !!nav && !!body && !!(nav.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(tocFirst, 'nav.toc precedes .post-body').toBe(true);

    const links = toc.getByRole('link');
    await expect.poll(() => links.count(), { message: 'at least 3 contents links' }).toBeGreaterThanOrEqual(3);
    const targets = await links.evaluateAll((els) =>
      els.map((a) => {
        const href = a.getAttribute('href') ?? '';
        const target = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
        return { href, text: a.textContent ?? '', heading: target ? /^H[2-4]$/.test(target.tagName) : false };
      }),
    );
    for (const t of targets) expect(t, `${t.href} points at an h2-h4`).toEqual({ ...t, heading: true });
    expect(targets.map((t) => t.href)).toContain('#custom-id');
    expect(targets.map((t) => t.href)).toContain('#lists');

    // Following a contents link scrolls to the heading.
    await toc.getByRole('link', { name: 'Footnotes', exact: true }).click();
    await expect(page).toHaveURL(/#footnotes$/);
    await expect(page.locator('#footnotes')).toBeInViewport();

    expectNoProblems(problems);
  });

  test('headings carry ids and anchor links that keep their accessible names', async ({ page }) => {
    await gotoHydrated(page, TOUR);
    const body = page.locator('article.post .post-body');
    const lists = body.getByRole('heading', { level: 2, name: 'Lists', exact: true });
    await expect(lists).toHaveAttribute('id', 'lists');
    await expect(lists.locator('a.heading-anchor')).toHaveAttribute('href', '#lists');
    await expect(body.locator('#custom-id a.heading-anchor')).toHaveAttribute('href', '#custom-id');
  });

  test('the rust code block is highlighted with classes, no script needed', async ({ page }) => {
    await gotoHydrated(page, TOUR);
    const code = page.locator('article.post .post-body pre code.language-rust').first();
    await expect(code).toBeVisible();
    await expect.poll(() => code.locator('span[class*="hl-"]').count()).toBeGreaterThan(5);
    // The stylesheet colours keywords differently from plain text.
    const colours = await code.evaluate((el) => {
      const keyword = el.querySelector('.hl-keyword, .hl-storage');
      return keyword ? [getComputedStyle(keyword).color, getComputedStyle(el).color] : [];
    });
    expect(colours).toHaveLength(2);
    expect(colours[0]).not.toBe(colours[1]);
  });

  test('the meta line shows the reading time on the post and its card', async ({ page }) => {
    await gotoHydrated(page, TOUR);
    await expect(page.locator('article.post header.post-header .post-meta')).toContainText(/\d+ min read/);
    await gotoHydrated(page, '/');
    const card = page.locator('li.post-card[data-slug="a-tour-of-markdown"]');
    await expect(card.locator('.post-meta .reading-time')).toHaveText(/^\d+ min read$/);
  });
});
