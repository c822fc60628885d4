import { expect, test } from '@playwright/test';

test('the app is served and titled', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/affectscope/);
});
