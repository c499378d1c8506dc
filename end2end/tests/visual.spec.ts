import { expect, test, type Page } from '@playwright/test';
import { gotoHydrated, untilPicturesResized } from './helpers';

/**
 * What readers see: screenshots of the home page, a post with code, a table and an image, a post
 * with every component and formulas, and the 404 page, at phone and desktop widths in light and
 * dark mode, compared with the committed baselines in tests/__screenshots__ (the README shows some
 * of them). After an intended change of style, refresh them with
 * `npx playwright test visual --update-snapshots` and look at every one.
 *
 * The comparison is strict: at most 0.05% of a page's pixels may differ (about one word's worth),
 * and small regions that must be exact, such as the 日本語 tag, are compared on their own with no
 * pixel allowed to differ, so a missing font (glyphs drawn as empty boxes) fails the test.
 */

const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;
const THEMES = ['light', 'dark'] as const;
const PAGES = [
  { name: 'home', path: '/', fullPage: false, status: 200 },
  { name: 'post', path: '/posts/a-tour-of-markdown', fullPage: true, status: 200 },
  { name: 'post-top', path: '/posts/hydration-explained', fullPage: false, status: 200 },
  { name: 'components', path: '/posts/richer-posts', fullPage: true, status: 200 },
  { name: 'not-found', path: '/posts/no-such-post', fullPage: false, status: 404 },
] as const;

async function open(page: Page, path: string, status: number) {
  if (status === 200) {
    // The copies, not the originals, are what readers see once the server has made them.
    await untilPicturesResized(page.request, path);
    await gotoHydrated(page, path);
  } else {
    const response = await page.goto(path);
    expect(response?.status()).toBe(status);
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
  // Every image decoded, every font in place: the picture is final.
  await page.evaluate(async () => {
    await document.fonts.ready;
    await Promise.all(
      [...document.images].map((img) => {
        img.loading = 'eager';
        return img.decode().catch(() => undefined);
      }),
    );
  });
}

for (const [widthName, viewport] of Object.entries(WIDTHS)) {
  for (const theme of THEMES) {
    test.describe(`${widthName}, ${theme}`, () => {
      test.use({ viewport, colorScheme: theme });
      for (const { name, path, fullPage, status } of PAGES) {
        test(`${name} looks as it should`, async ({ page }) => {
          await open(page, path, status);
          await expect(page).toHaveScreenshot(`${name}-${widthName}-${theme}.png`, {
            fullPage,
            animations: 'disabled',
            caret: 'hide',
            maxDiffPixelRatio: 0.0005,
          });
        });
      }

      test('the 日本語 tag is drawn in its own glyphs', async ({ page }) => {
        await open(page, '/', 200);
        const chip = page.locator('.tag-toggle[data-tag="日本語"]');
        await expect(chip).toHaveScreenshot(`tag-japanese-${widthName}-${theme}.png`, {
          animations: 'disabled',
          caret: 'hide',
          maxDiffPixels: 0,
        });
      });
    });
  }
}

test.describe('at 320 px', () => {
  test.use({ viewport: { width: 320, height: 640 } });
  for (const { name, path, status } of PAGES) {
    test(`${name} never scrolls sideways and keeps images inside`, async ({ page }) => {
      await open(page, path, status);
      const overflow = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        images: [...document.images]
          .filter((img) => img.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .map((img) => img.src),
      }));
      expect(overflow.page, 'document width').toBeLessThanOrEqual(320);
      expect(overflow.images, 'images wider than the screen').toEqual([]);
    });
  }
});
