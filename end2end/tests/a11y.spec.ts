import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleProblems, expectCards, expectNoPageLoad, expectNoProblems, gotoHydrated, setMarker, slugsTagged } from './helpers';

/** Accessibility: axe on every page type in light and dark mode, and the keyboard alone. */

const PAGES = [
  { name: 'home', path: '/' },
  { name: 'filtered home', path: '/?tag=rust&q=rust' },
  { name: 'post with code and a table', path: '/posts/a-tour-of-markdown' },
  { name: 'post with non-Latin tags', path: '/posts/notes-from-kyoto' },
  { name: 'post with every component and math', path: '/posts/richer-posts' },
  { name: 'tag list', path: '/tags' },
  { name: 'tag page', path: '/tags/web-dev' },
  { name: '404 page', path: '/posts/no-such-post' },
];

for (const theme of ['light', 'dark'] as const) {
  test.describe(`axe, ${theme} mode`, () => {
    test.use({ colorScheme: theme });
    for (const { name, path } of PAGES) {
      test(`the ${name} has no violations`, async ({ page }) => {
        await page.goto(path);
        await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
          .analyze();
        const found = results.violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
        expect(found).toEqual([]);
      });
    }
  });
}

/** The element that has focus, described for assertions. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent ?? '').trim(),
      label: el.getAttribute('aria-label') ?? '',
      dataTag: el.getAttribute('data-tag') ?? '',
      inMain: !!el.closest('main'),
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });
}

/** Presses Tab until `matches` holds for the focused element (at most `limit` times). */
async function tabTo(page: Page, matches: (f: NonNullable<Awaited<ReturnType<typeof focused>>>) => boolean, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now && matches(now)) return now;
  }
  throw new Error('the element was not reached with Tab');
}

test.describe('keyboard', () => {
  test('the first Tab shows a skip link that jumps to the content', async ({ page }) => {
    await gotoHydrated(page, '/posts/hydration-explained');
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    expect(skip).toMatchObject({ tag: 'a', text: 'Skip to content', ring: true });
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
    await page.keyboard.press('Tab');
    expect((await focused(page))?.inMain, 'the next Tab lands inside <main>').toBe(true);
  });

  test('every control on the way shows a focus ring', async ({ page }) => {
    await gotoHydrated(page, '/');
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      expect(now, `Tab ${i + 1} focuses something`).not.toBeNull();
      expect(now?.ring, `focus ring on ${now?.tag} "${now?.text || now?.label}"`).toBe(true);
    }
  });

  test('the tag filter and search work with Tab, Enter and typing', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/');
    await setMarker(page);
    await tabTo(page, (f) => f.dataTag === 'rust');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\?tag=rust$/);
    await expectCards(page, slugsTagged('rust'));

    await page.keyboard.press('Shift+Tab');
    await tabTo(page, (f) => f.tag === 'input');
    await page.keyboard.type('hydration');
    await expectCards(page, ['hydration-explained']);
    await expectNoPageLoad(page);
    expectNoProblems(problems);
  });

  test('the theme toggle switches with Space and Enter', async ({ page }) => {
    await gotoHydrated(page, '/');
    await tabTo(page, (f) => f.tag === 'button' && /theme/i.test(f.label));
    const before = await page.evaluate(() => document.documentElement.dataset.theme ?? '');
    await page.keyboard.press('Space');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme ?? '')).not.toBe(before);
    const after = await page.evaluate(() => document.documentElement.dataset.theme ?? '');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme ?? '')).not.toBe(after);
  });

  test('site navigation follows links with Enter', async ({ page }) => {
    await gotoHydrated(page, '/');
    await setMarker(page);
    await tabTo(page, (f) => f.tag === 'a' && f.text === 'Tags');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/tags$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tags');
    await expectNoPageLoad(page);
  });
});

test.describe('reduced motion', () => {
  const motion = (page: Page) =>
    page.evaluate(() => ({
      scroll: getComputedStyle(document.documentElement).scrollBehavior,
      transition: parseFloat(getComputedStyle(document.querySelector('a.tag-toggle')!).transitionDuration),
    }));

  test('is respected: no smooth scrolling, no transitions', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await gotoHydrated(page, '/');
    const reduced = await motion(page);
    expect(reduced.scroll).toBe('auto');
    expect(reduced.transition).toBeLessThan(0.001);
  });

  test('otherwise the page scrolls smoothly and fades colours', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await gotoHydrated(page, '/');
    const full = await motion(page);
    expect(full.scroll).toBe('smooth');
    expect(full.transition).toBeGreaterThan(0.1);
  });
});
