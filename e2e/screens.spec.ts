// Every screen at desktop and phone widths: a screenshot kept as a test artifact, and axe-core finds no serious or
// critical accessibility violation. Needs no model: a chat with its greeting is enough to show the chat screen.
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';

const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } } as const;

async function check(page: Page, testInfo: TestInfo, name: string) {
  // Let lazy screens and live queries settle before measuring.
  await page.waitForLoadState('networkidle');
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    `axe on ${name}`,
  ).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: false });
}

for (const [label, viewport] of Object.entries(WIDTHS)) {
  for (const theme of ['dark', 'light'] as const) {
    test(`every screen on a ${label} in the ${theme} theme: screenshots and no serious accessibility violation`, async ({
      page,
      problems,
    }, testInfo) => {
      test.setTimeout(180_000);
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await page.setViewportSize(viewport);
      await page.goto('/characters');
      await expect(page.getByTestId('character-tile').first()).toBeVisible();
      await check(page, testInfo, `${label}-${theme}-characters`);

      await page.getByTestId('character-tile').first().click();
      await expect(page.getByRole('button', { name: 'Start a new chat' })).toBeVisible();
      await check(page, testInfo, `${label}-${theme}-character`);

      await page.getByRole('link', { name: 'Edit character' }).click();
      await expect(page.getByRole('heading', { level: 1, name: /^Edit / })).toBeVisible();
      await check(page, testInfo, `${label}-${theme}-character-editor`);

      await page.getByRole('link', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Start a new chat' }).click();
      await expect(page.getByTestId('message-assistant').first()).toBeVisible();
      await check(page, testInfo, `${label}-${theme}-chat`);
      await page.getByRole('button', { name: 'Prompt' }).click();
      await expect(page.getByTestId('prompt-inspector')).toContainText('Messages sent');
      await check(page, testInfo, `${label}-${theme}-chat-prompt`);

      for (const path of ['/models', '/voices', '/settings'] as const) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await check(page, testInfo, `${label}-${theme}-${path.slice(1)}`);
      }
      if (label === 'phone') {
        await page.getByRole('button', { name: 'Menu' }).click();
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
        await check(page, testInfo, `${label}-${theme}-menu`);
      }
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.cspViolations).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
    });
  }
}
