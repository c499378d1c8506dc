import { expect, test } from '@playwright/test';
import { collectConsoleProblems, expectNoProblems, gotoHydrated } from './helpers';

const background = (page: import('@playwright/test').Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

/** The dark mode toggle: on top of prefers-color-scheme, remembered, never flashing. */
test.describe('theme', () => {
  test('follows the system preference until the reader chooses', async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await gotoHydrated(page, '/');
    const dark = await background(page);
    await expect(page.locator('.theme-toggle')).toHaveAttribute('aria-pressed', 'true');

    await page.locator('.theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expect(page.locator('.theme-toggle')).toHaveAttribute('aria-pressed', 'false');
    expect(await background(page)).not.toBe(dark);
    await context.close();
  });

  test('the choice survives a reload and is applied before the page paints', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, '/posts/hello-quire');
    const light = await background(page);
    await page.locator('.theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const dark = await background(page);
    expect(dark).not.toBe(light);

    // Check the theme at the very first moment a document exists, long before hydration.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        (window as unknown as { __firstTheme?: string | undefined }).__firstTheme =
          document.documentElement.dataset.theme;
      });
    });
    await page.reload();
    expect(await page.evaluate(() => (window as unknown as { __firstTheme?: string }).__firstTheme)).toBe('dark');
    expect(await background(page)).toBe(dark);
    expectNoProblems(problems);
  });

  test('the toggle is a keyboard-usable button', async ({ page }) => {
    await gotoHydrated(page, '/');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await toggle.focus();
    // No stored choice yet: the page follows the (light) system preference.
    expect(await page.locator('html').getAttribute('data-theme')).toBeNull();
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.keyboard.press('Space');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  });
});
