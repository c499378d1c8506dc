import { expect, test } from '@playwright/test';
import { collectConsoleProblems, expectNoProblems, gotoHydrated } from './helpers';

/** Head tags that link previews and crawlers read, in the first server response. */
test.describe('search and link previews', () => {
  test('a post carries canonical, OpenGraph, Twitter and JSON-LD tags', async ({ request }) => {
    const res = await request.get('/posts/moving-from-astro');
    expect(res.status()).toBe(200);
    const html = await res.text();
    const head = html.slice(0, html.indexOf('</head>'));
    const meta = (attr: string, key: string) =>
      head.match(new RegExp(`<meta ${attr}="${key}" content="([^"]*)"`))?.[1];

    expect(head).toMatch(/<link href="http:\/\/127\.0\.0\.1:3000\/posts\/moving-from-astro" rel="canonical">/);
    expect(meta('property', 'og:type')).toBe('article');
    expect(meta('property', 'og:title')).toBe('Moving a Blog from Astro');
    expect(meta('property', 'og:image')).toBe('http://127.0.0.1:3000/images/astro-to-quire.svg');
    expect(meta('name', 'twitter:card')).toBe('summary_large_image');

    const json = head.match(/<script[^>]*type="application\/ld\+json">([^<]*)<\/script>/)?.[1];
    expect(json, 'a JSON-LD block').toBeTruthy();
    const data = JSON.parse(json as string);
    expect(data['@type']).toBe('BlogPosting');
    expect(data.headline).toBe('Moving a Blog from Astro');
    expect(data.author.name).toBe('Mara Lindqvist');
    expect(data.datePublished).toBe('2026-02-20');
  });

  test('client-side navigation updates the title and canonical link', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');
    await page.getByRole('link', { name: 'Notes from Kyoto' }).click();
    await expect(page).toHaveTitle(/^Notes from Kyoto · /);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', /\/posts\/notes-from-kyoto$/);
    await expect(page.locator('meta[property="og:type"]')).toHaveAttribute('content', 'article');
    expectNoProblems(problems);
  });
});
