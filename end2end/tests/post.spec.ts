import { expect, test, type Locator } from '@playwright/test';
import {
  ALL_SLUGS,
  collectConsoleProblems,
  decodeEntities,
  expectCards,
  expectNoPageLoad,
  expectNoProblems,
  gotoHydrated,
  isPath,
  norm,
  POSTS,
  setMarker,
  startTags,
} from './helpers';

async function expectAtLeast(locator: Locator, n: number, what: string): Promise<void> {
  await expect.poll(() => locator.count(), { message: `at least ${n} × ${what}` }).toBeGreaterThanOrEqual(n);
}

/** Text of the <title> element in raw server HTML (hydration comments removed). */
function rawTitle(html: string): string | undefined {
  const m = html.match(/<title(?:\s[^>]*)?>([\s\S]*?)<\/title>/i);
  return m ? decodeEntities(m[1].replace(/<!--[\s\S]*?-->|<!>/g, '')).trim() : undefined;
}

test.describe('post page', () => {
  test('clicking a title on the home page opens the rendered post client-side', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');
    await setMarker(page, 42);

    await page
      .locator('ul.post-list')
      .getByRole('link', { name: 'A Tour of Markdown in Quire', exact: true })
      .click();
    await expect(page).toHaveURL(isPath('/posts/a-tour-of-markdown'));

    const post = page.locator('article.post');
    await expect(post.locator('header.post-header h1')).toHaveText('A Tour of Markdown in Quire');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('A Tour of Markdown in Quire');
    await expect(page).toHaveTitle(/A Tour of Markdown in Quire/);
    await expectNoPageLoad(page, 42);

    const header = post.locator('header.post-header');
    await expect(header.locator('.post-meta time')).toHaveAttribute('datetime', '2026-01-19');
    await expect(header.locator('.post-meta .author')).toHaveText('Ada Quill');
    const chipHrefs = (await header.locator('ul.tags a.tag-chip').evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''))).map(norm);
    expect(chipHrefs.sort()).toEqual(['/tags/meta', '/tags/writing']);
    await expect(post.locator('figure.post-image')).toHaveCount(0);

    // Rendered Markdown.
    const body = post.locator('.post-body');
    for (const name of ['Lists', 'Tables', 'Code', 'Footnotes']) {
      await expect(body.getByRole('heading', { level: 2, name, exact: true }), `h2 "${name}"`).toBeVisible();
    }
    await expectAtLeast(body.locator('h3'), 1, 'h3');
    await expectAtLeast(body.locator('ol > li'), 1, 'ordered list item');
    await expectAtLeast(body.locator('ul > li'), 1, 'unordered list item');
    await expectAtLeast(body.locator('li input[type="checkbox"][disabled]'), 1, 'task list checkbox');
    await expectAtLeast(body.locator('table thead th, table tr th'), 1, 'table header cell');
    await expectAtLeast(body.locator('table td'), 1, 'table data cell');
    await expectAtLeast(body.locator('pre code'), 1, 'code block');
    await expect(body.locator('pre code.language-rust').first()).toBeVisible();
    await expect(body.locator('pre code.language-rust').first()).toHaveText(/\S/);
    await expectAtLeast(body.locator('blockquote'), 1, 'blockquote');
    await expectAtLeast(body.locator('del'), 1, 'strikethrough');

    const custom = body.locator('#custom-id');
    await expect(custom).toHaveCount(1);
    expect(await custom.evaluate((el) => el.tagName)).toMatch(/^H[1-6]$/);

    // Footnotes: references link to definitions that exist on the page.
    await expectAtLeast(body.locator('sup.footnote-reference'), 2, 'footnote reference');
    await expect(body.locator('.footnote-definition')).toHaveCount(2);
    const targets = await body
      .locator('sup.footnote-reference a')
      .evaluateAll((els) =>
        els.map((a) => {
          const href = a.getAttribute('href') ?? '';
          const id = decodeURIComponent(href.replace(/^#/, ''));
          const target = href.startsWith('#') ? document.getElementById(id) : null;
          return { href, ok: !!target && !!target.closest('.footnote-definition') };
        }),
      );
    expect(targets.length).toBeGreaterThanOrEqual(2);
    for (const t of targets) expect(t, `footnote link ${t.href} points at a .footnote-definition`).toEqual({ href: t.href, ok: true });

    // No front matter leaks into the body.
    await expect(body).not.toContainText('pubDate');

    // Back to the list, still client-side.
    await page.goBack();
    await expect(page).toHaveURL(isPath('/'));
    await expectCards(page, ALL_SLUGS);
    await expectNoPageLoad(page, 42);

    expectNoProblems(problems);
  });

  test('a post with an image shows the figure, and the server HTML carries title and description', async ({
    page,
    request,
  }) => {
    const problems = collectConsoleProblems(page);
    const response = await gotoHydrated(page, '/posts/moving-from-astro');
    expect(response?.status()).toBe(200);

    await expect(page.locator('article.post header.post-header h1')).toHaveText('Moving a Blog from Astro');
    await expect(page.locator('article.post .post-meta .author')).toHaveText('Mara Lindqvist');
    await expect(page.locator('article.post .post-meta time')).toHaveAttribute('datetime', '2026-02-20');

    const img = page.locator('article.post figure.post-image img');
    await expect(img).toHaveCount(1);
    await expect(img).toHaveAttribute('src', '/images/astro-to-quire.svg');
    await expect(img).toHaveAttribute('alt', /\S/);
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), {
        message: 'the post image loads',
      })
      .toBe(true);

    // The front matter (with Astro's layout: key) is consumed, not rendered: the body starts with
    // the first paragraph. (The post quotes its front matter in a code block further down.)
    const body = page.locator('article.post .post-body');
    await expect(body.locator(':scope > :first-child')).toHaveText(/^I ran my blog on Astro/);
    await expect(body.locator(':scope > p').filter({ hasText: 'layout:' })).toHaveCount(0);

    // Raw server HTML: <title> and <meta name="description"> are in <head>.
    const res = await request.get('/posts/moving-from-astro');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/text\/html/);
    const html = await res.text();
    const head = html.slice(0, html.search(/<\/head>/i));
    expect(head.length, 'server HTML has a </head>').toBeGreaterThan(0);

    expect(rawTitle(head)).toContain('Moving a Blog from Astro');
    const descriptions = startTags(head, 'meta').filter((a) => a['name'] === 'description');
    expect(descriptions, 'exactly one <meta name="description"> in <head>').toHaveLength(1);
    const description = descriptions[0]['content'] ?? '';
    expect(description.trim().length).toBeGreaterThan(10);
    expect(description).not.toMatch(/layout:|\.astro|<\/?[a-z]/i);

    // No description in front matter -> it is taken from the first paragraph.
    const firstParagraph = ((await body.locator('p').first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
    const start = description.replace(/\s+/g, ' ').trim().slice(0, 20);
    expect(firstParagraph, 'description falls back to the first paragraph').toContain(start);

    // The body itself is server-rendered too (not left to the client).
    expect(html).toContain('class="post-body"');
    expect(html).toMatch(/<figure[^>]*class="post-image"/);

    expectNoProblems(problems);
  });

  test('front matter variants: RFC 3339 date, TOML, bundle folder, default author', async ({ page }) => {
    const problems = collectConsoleProblems(page);

    // RFC 3339 date-time in `date:`; code blocks.
    await gotoHydrated(page, '/posts/hydration-explained');
    await expect(page.locator('article.post h1')).toHaveText('How Hydration Works in Leptos');
    await expect(page.locator('article.post .post-meta time')).toHaveAttribute('datetime', '2026-02-13T09:30:00+01:00');
    await expect(page.locator('article.post .post-meta time')).toHaveText('13 February 2026');
    await expect(page.locator('article.post .post-meta .author')).toHaveText('Mara Lindqvist');
    await expectAtLeast(page.locator('article.post .post-body pre code'), 1, 'code block');

    // TOML front matter between +++ lines; a long post.
    await gotoHydrated(page, '/posts/static-sites-long-read');
    await expect(page.locator('article.post h1')).toHaveText('Static Sites, Dynamic Writers: A Long Read');
    await expect(page.locator('article.post .post-meta time')).toHaveAttribute('datetime', '2025-10-02');
    const longBody = page.locator('article.post .post-body');
    await expectAtLeast(longBody.locator('h2'), 2, 'h2');
    await expectAtLeast(longBody.locator('h3'), 1, 'h3');
    await expect(longBody).not.toContainText('+++');
    await expect(longBody).not.toContainText('tags = [');
    const words = ((await longBody.textContent()) ?? '').split(/\s+/).filter(Boolean).length;
    expect(words, 'the long read is long').toBeGreaterThan(1500);

    // Bundle folder posts/sourdough/index.md -> slug "sourdough".
    await gotoHydrated(page, '/posts/sourdough');
    await expect(page.locator('article.post h1')).toHaveText('What Sourdough Taught Me About Shipping');

    // No author in front matter -> the site author.
    await gotoHydrated(page, '/posts/notes-from-kyoto');
    await expect(page.locator('article.post .post-meta .author')).toHaveText('Ada Quill');

    expectNoProblems(problems);
  });

  test('every published post opens directly with its title', async ({ page, request }) => {
    const problems = collectConsoleProblems(page);
    for (const post of POSTS) {
      const res = await request.get(`/posts/${post.slug}`);
      expect(res.status(), post.slug).toBe(200);
      expect(rawTitle(await res.text()), `${post.slug}: <title>`).toContain(post.title);

      await gotoHydrated(page, `/posts/${post.slug}`);
      await expect(page.locator('article.post header.post-header h1')).toHaveText(post.title);
      await expect(page).toHaveTitle(new RegExp(post.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      await expect(page.locator('article.post .post-body')).toHaveText(/\S/);
      await expect(page.locator('.badge-draft')).toHaveCount(0);
    }
    expectNoProblems(problems);
  });

  test('a tag chip on a post opens the tag page client-side', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/posts/hydration-explained');
    await setMarker(page);

    await page.locator('article.post header.post-header a.tag-chip[href="/tags/rust"]').click();
    await expect(page).toHaveURL(isPath('/tags/rust'));
    await expect(page.locator('h1 .tag-name')).toHaveText('Rust');
    await expectCards(page, ['hydration-explained', 'hello-quire', 'weeknotes-1']);
    await expectNoPageLoad(page);

    expectNoProblems(problems);
  });
});

test.describe('links and images in posts', () => {
  test("a link to another post's file leads to that post, client-side", async ({ page }) => {
    await gotoHydrated(page, '/posts/a-tour-of-markdown');
    const link = page.locator('.post-body a', { hasText: 'this one, back to the first post' });
    await expect(link).toHaveAttribute('href', '/posts/hello-quire');
    await setMarker(page);
    await link.click();
    await expect(page.locator('article.post h1')).toHaveText(/^Hello, Quire/);
    await expectNoPageLoad(page);
  });

  test("a post's cover image loads first, not lazily", async ({ page }) => {
    await gotoHydrated(page, '/posts/moving-from-astro');
    const img = page.locator('figure.post-image img');
    // At the top of the page, it is the largest paint: lazy loading would delay it.
    await expect(img).not.toHaveAttribute('loading', /.*/);
    await expect(img).toHaveAttribute('fetchpriority', 'high');
    await expect(img).toHaveAttribute('decoding', 'async');
  });
});
