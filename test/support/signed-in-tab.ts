/**
 * A browser tab already signed in, in the chosen language: the session token and the language are put where the
 * web UI keeps them before the page loads, so a browser test starts on the screen it is about, not on sign-in.
 */
import type { BrowserContext, Page } from 'playwright-core';

export async function signedInTab(context: BrowserContext, opts: { url: string; token: string; lang: 'kk' | 'ru'; onPageError(message: string): void }): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => opts.onPageError(e.message));
  await page.addInitScript(
    ([token, lang]) => {
      // Runs in the page; the test's TypeScript has no DOM types.
      const g = globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void }; localStorage: { setItem(k: string, v: string): void } };
      g.sessionStorage.setItem('qujat.token', token);
      g.localStorage.setItem('qujat.lang', lang);
    },
    [opts.token, opts.lang],
  );
  await page.goto(opts.url);
  return page;
}
