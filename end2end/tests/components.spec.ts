import { expect, test, type Page } from '@playwright/test';
import { collectConsoleProblems, expectNoProblems, gotoHydrated, unresizedPictures, untilPicturesResized } from './helpers';

/** Components inside Markdown (posts/richer-posts): tabs and copy after hydration, and without JavaScript. */

const POST = '/posts/richer-posts';

const panel = (page: Page, n: number) => page.locator(`#tabs-1-${n}`);
const tab = (page: Page, name: string) => page.getByRole('tab', { name });

test.describe('pictures', () => {
  test('a picture new to the server gets its resized copies without a restart', async ({ request }) => {
    await untilPicturesResized(request, POST);
    const html = await (await request.get(POST)).text();
    const offered = [...html.matchAll(/\ssrcset="([^"]+)"/g)].flatMap((m) => m[1].split(', '));
    expect(offered.length).toBeGreaterThanOrEqual(2);
    for (const candidate of offered) {
      const [url, width] = candidate.split(' ');
      expect(width).toMatch(/^\d+w$/);
      const copy = await request.get(url);
      expect(copy.status(), url).toBe(200);
      expect(copy.headers()['content-type']).toBe('image/webp');
      expect(copy.headers()['cache-control']).toContain('immutable');
    }
  });

  test('the check for unresized pictures sees a local picture without copies', () => {
    expect(unresizedPictures('<p><img src="/posts/a/b.jpg" alt="B" width="4" height="3"></p>')).toHaveLength(1);
    expect(unresizedPictures('<img src="/b.jpg" srcset="/_img/x-480.webp 480w" alt="">')).toEqual([]);
    expect(unresizedPictures('<img src="https://example.com/b.jpg" alt=""><img src="/a.svg" alt="">')).toEqual([]);
  });
});

test.describe('with JavaScript', () => {
  test('tabs switch panels by click and by arrow keys', async ({ page }) => {
    const problems = collectConsoleProblems(page);
    await gotoHydrated(page, POST);
    await expect(page.locator('#tabs-1')).toHaveAttribute('data-live', '');
    await expect(tab(page, 'Rust')).toHaveAttribute('aria-selected', 'true');
    await expect(panel(page, 0)).toBeVisible();
    await expect(panel(page, 1)).toBeHidden();
    await expect(panel(page, 0)).toHaveAttribute('role', 'tabpanel');
    await expect(panel(page, 0)).toHaveAttribute('aria-labelledby', 'tabs-1-tab-0');

    await tab(page, 'Python').click();
    await expect(tab(page, 'Python')).toHaveAttribute('aria-selected', 'true');
    await expect(tab(page, 'Rust')).toHaveAttribute('aria-selected', 'false');
    await expect(panel(page, 1)).toBeVisible();
    await expect(panel(page, 1)).toContainText('print("Hello from Quire")');
    await expect(panel(page, 0)).toBeHidden();

    await page.keyboard.press('ArrowRight');
    await expect(tab(page, 'Shell')).toBeFocused();
    await expect(panel(page, 2)).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(tab(page, 'Rust')).toBeFocused();
    await expect(panel(page, 0)).toBeVisible();
    await page.keyboard.press('End');
    await expect(panel(page, 2)).toBeVisible();
    // Only the tablist is interactive; the labels the server wrote for readers without JS are gone.
    await expect(page.locator('.tab-label').first()).toBeHidden();
    expectNoProblems(problems);
  });

  test('the copy button copies a code block as written', async ({ page, context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await gotoHydrated(page, POST);
    // Headless Chromium starts its clipboard on first use, which can take seconds: start it
    // before the click, so the assertion below waits for the button, not for the browser.
    await page.evaluate(() => navigator.clipboard.writeText(''));
    const frame = panel(page, 0).locator('.code-frame');
    // By class: the button's name changes to "Copied", which a role query by name would lose.
    const button = frame.locator('button.copy-code');
    await expect(button).toHaveText('Copy');
    await button.click();
    await expect(button).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe('fn main() {\n    println!("Hello from Quire");\n}');
    // Every code block of the post has one, the hidden tab panels' too.
    await expect(page.locator('.post-body pre')).toHaveCount(await page.locator('.post-body .copy-code').count());
  });

  test('a video loads nothing from its site until its poster is clicked', async ({ page }) => {
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('http://127.0.0.1')) foreign.push(request.url());
    });
    // The player itself is not needed to prove it is asked for.
    await page.route('https://www.youtube-nocookie.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>player</title>' }),
    );
    const response = await gotoHydrated(page, POST);
    expect(response?.headers()['content-security-policy']).toContain('frame-src https://www.youtube-nocookie.com;');
    await page.locator('.embed-youtube').scrollIntoViewIfNeeded();
    expect(foreign).toEqual([]);
    await expect(page.locator('.embed-youtube iframe')).toHaveCount(0);

    await page.locator('.embed-youtube .embed-poster').click();
    const frame = page.locator('.embed-youtube iframe');
    await expect(frame).toHaveAttribute('src', 'https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1');
    await expect(frame).toHaveAttribute('title', 'Big Buck Bunny, an open movie');
    await expect.poll(() => foreign).toContain('https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1');
  });

  test('only pages with a player allow its origin', async ({ request }) => {
    const other = await request.get('/posts/a-tour-of-markdown');
    const policy = other.headers()['content-security-policy'];
    expect(policy).not.toContain('frame-src');
    expect(policy).not.toContain('media-src');
  });

  test('wide formulas scroll inside their box at phone width', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await gotoHydrated(page, POST);
    const formula = page.locator('.math-display').last();
    const [box, inner] = await formula.evaluate((el) => [el.clientWidth, el.scrollWidth]);
    expect(inner).toBeGreaterThan(box);
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(360);
    await expect(page.locator('math').first()).toBeVisible();
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('every tab panel shows under its label, and code has no copy button', async ({ page }) => {
    await page.goto(POST);
    await expect(page.locator('.tab-list')).toBeHidden();
    for (const [n, label] of ['Rust', 'Python', 'Shell'].entries()) {
      await expect(panel(page, n)).toBeVisible();
      await expect(panel(page, n).locator('.tab-label')).toHaveText(label);
    }
    await expect(page.locator('.copy-code')).toHaveCount(0);
    await expect(page.locator('.post-body pre').first()).toBeVisible();
  });

  test('callouts, details, figures and formulas are in the HTML', async ({ page }) => {
    await page.goto(POST);
    await expect(page.locator('.callout-note .callout-title')).toHaveText('Note');
    await expect(page.locator('.callout-tip .callout-title')).toHaveText('Tip');
    await expect(page.locator('.callout-warning .callout-title')).toHaveText('Mind the cache');
    const details = page.locator('details.details');
    await expect(details.locator('p')).toBeHidden();
    await details.locator('summary').click();
    await expect(details.locator('p')).toBeVisible();
    await expect(page.locator('figure.figure img')).toHaveAttribute('alt', /blurred harbour/);
    await expect(page.locator('figure.figure figcaption')).toContainText('resized for every screen');
    await expect(page.locator('.math-display math[display="block"]')).toHaveCount(2);
    // The poster is a plain link to the video.
    await expect(page.locator('.embed-youtube .embed-poster')).toHaveAttribute(
      'href',
      'https://www.youtube.com/watch?v=aqz-KE-bpKQ',
    );
  });
});
