import { expect, test } from '@playwright/test';
import {
  cards,
  clearFilter,
  collectConsoleProblems,
  DRAFT_SLUG,
  expectCards,
  expectNoProblems,
  gotoHydrated,
  norm,
  POSTS,
  resultCount,
  SITE_AUTHOR,
  TAGS,
  tagFilter,
  tagToggle,
} from './helpers';

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** "2026-03-01" -> /^0?1 March 2026$/ (the contract shows "13 February 2026"). */
function humanDate(iso: string): RegExp {
  const [y, m, d] = iso.split('-').map(Number);
  return new RegExp(`^0?${d} ${MONTHS[m - 1]} ${y}$`);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test.describe('home page', () => {
  test('lists every published post, newest first, and hides the draft', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    const response = await gotoHydrated(page, '/');
    expect(response?.status()).toBe(200);

    await expectCards(page, POSTS.map((p) => p.slug));
    await expect(page.locator(`li.post-card[data-slug="${DRAFT_SLUG}"]`)).toHaveCount(0);
    await expect(page.locator('.badge-draft')).toHaveCount(0);
    await expect(page.getByText('Upcoming Features')).toHaveCount(0);

    await expect(resultCount(page)).toHaveText(/(^|\D)9 posts$/);
    await expect(page.locator('p.empty')).toHaveCount(0);

    expectNoProblems(problems);
  });

  test('each card has a title link, a date, the author, a description and tag chips', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');
    await expect(cards(page)).toHaveCount(POSTS.length);

    for (const post of POSTS) {
      const card = page.locator(`li.post-card[data-slug="${post.slug}"]`);
      await expect(card, post.slug).toBeVisible();

      const titleLink = card.locator('article h2 a');
      await expect(titleLink).toHaveText(post.title);
      await expect(titleLink).toHaveAttribute('href', `/posts/${post.slug}`);
      // The role-based locator finds the same link.
      await expect(page.getByRole('link', { name: post.title, exact: true })).toHaveAttribute('href', `/posts/${post.slug}`);

      const time = card.locator('p.post-meta time');
      await expect(time).toHaveAttribute('datetime', new RegExp(`^${post.date}`));
      await expect(time).toHaveText(humanDate(post.date));
      await expect(card.locator('p.post-meta .author')).toHaveText(post.author);

      // Every post has a description; moving-from-astro falls back to its first paragraph.
      const description = card.locator('p.description');
      await expect(description).toHaveText(/\S{3,}/);
      const descriptionText = (await description.textContent()) ?? '';
      expect(descriptionText, `${post.slug}: no front matter / markup leaks into the description`).not.toMatch(
        /layout:|\.astro|<\/?[a-z]|^\s*[#>*-]/i,
      );

      const chips = card.locator('ul.tags a.tag-chip');
      await expect(chips).toHaveCount(post.tags.length);
      const hrefs = (await chips.evaluateAll((els) => els.map((el) => el.getAttribute('href') ?? ''))).map(norm);
      expect(hrefs.sort()).toEqual(post.tags.map((t) => `/tags/${t}`).sort());
      for (const slug of post.tags) {
        const tag = TAGS.find((t) => t.slug === slug)!;
        const chip = chips.filter({ hasText: new RegExp(`^\\s*${escapeRe(tag.name)}\\s*$`, 'i') });
        await expect(chip, `${post.slug}: chip for ${slug}`).toHaveCount(1);
      }
    }

    // The contract's own example, verbatim.
    await expect(page.locator('li.post-card[data-slug="hydration-explained"] time')).toHaveText('13 February 2026');

    expectNoProblems(problems);
  });

  test('the tag filter bar shows every tag with its post count', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');

    const filter = tagFilter(page);
    await expect(filter).toBeVisible();
    await expect(filter.locator('a.tag-toggle')).toHaveCount(TAGS.length);

    for (const tag of TAGS) {
      const toggle = tagToggle(page, tag.slug);
      await expect(toggle, `toggle for ${tag.slug}`).toHaveCount(1);
      await expect(toggle.locator('.count')).toHaveText(String(tag.count));
      await expect(toggle).toHaveText(new RegExp(`^\\s*${escapeRe(tag.name)}\\s*${tag.count}\\s*$`));
      expect(norm(await toggle.getAttribute('href'))).toBe(`/?tag=${tag.slug}`);
      await expect(toggle).not.toHaveAttribute('aria-current', 'true');
      await expect(toggle).not.toHaveClass(/(^|\s)selected(\s|$)/);
    }

    // Spot checks from the contract, through role locators.
    await expect(filter.getByRole('link', { name: /^Rust\s*3$/ })).toBeVisible();
    await expect(filter.getByRole('link', { name: /^Web Dev\s*3$/ })).toBeVisible();
    await expect(filter.getByRole('link', { name: /^日本語\s*1$/ })).toBeVisible();
    await expect(filter.getByRole('link', { name: /^Learning in Public\s*2$/ })).toBeVisible();

    // Nothing selected -> no "Clear filter" control.
    await expect(clearFilter(page)).toHaveCount(0);

    expectNoProblems(problems);
  });

  test('the page shell: header, site nav, skip link, footer and stylesheet', async ({ page, request }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');

    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page).toHaveTitle(/\S/);

    const skip = page.locator('a.skip-link');
    await expect(skip).toHaveAttribute('href', '#main');
    await expect(skip).toHaveText('Skip to content');
    await expect(page.locator('main#main.site-main')).toHaveCount(1);

    const siteTitle = page.locator('header.site-header a.site-title');
    await expect(siteTitle).toHaveAttribute('href', '/');
    await expect(siteTitle).toHaveText(/\S/);
    const introTitle = page.locator('section.intro h1');
    await expect(introTitle).toHaveText((await siteTitle.textContent())!.trim());
    await expect(page.locator('section.intro p')).toHaveText(/\S/);

    const siteNav = page.getByRole('navigation', { name: 'Site' });
    await expect(siteNav.getByRole('link', { name: 'Posts' })).toHaveAttribute('href', '/');
    await expect(siteNav.getByRole('link', { name: 'Tags' })).toHaveAttribute('href', '/tags');

    const footer = page.locator('footer.site-footer');
    await expect(footer).toContainText(`© ${SITE_AUTHOR}`);
    await expect(footer).toContainText('Built with Quire');

    // The release build names the stylesheet after a hash of its contents and serves it immutable.
    const stylesheet = page.locator('head link[rel="stylesheet"]');
    await expect(stylesheet).toHaveCount(1);
    const href = (await stylesheet.getAttribute('href'))!;
    expect(href).toMatch(/^\/pkg\/quire\.[A-Za-z0-9_-]{22}\.css$/);
    const css = await request.get(href);
    expect(css.status()).toBe(200);
    expect(css.headers()['content-type']).toMatch(/text\/css/);
    expect(css.headers()['cache-control']).toBe('public, max-age=31536000, immutable');

    expectNoProblems(problems);
  });
});
