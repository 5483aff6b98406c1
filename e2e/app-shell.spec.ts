// The app shell loads from the server with no console error and no CSP violation, and reports the device.
import { expect, test } from './fixtures';
import { go } from './app-helpers.ts';

test('the app shell renders without errors or CSP violations', async ({ page, problems }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("'unsafe-eval'");

  // A first visit has no chats yet, so the app opens on the character library, with the starter character in it.
  await expect(page).toHaveURL(/\/characters$/);
  await expect(page.getByRole('heading', { name: 'Characters', level: 1 })).toBeVisible();
  await expect(page.getByTestId('character-tile')).toHaveText([/Aria/]);
  await expect(page.getByTestId('server-status')).toHaveText(/Server online/);
  await go(page, 'Models');
  // SwiftShader gives WebGPU without fp16 shaders, so the ONNX-on-WebGPU engine is the honest choice here.
  await expect(page.getByTestId('webgpu')).toHaveText(/^yes .*no fp16/);
  await expect(page.getByTestId('engine-choice')).toContainText('onnx-webgpu');

  expect(problems.cspViolations).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});

test('hashed assets are immutable and the HTML is revalidated', async ({ page, request }) => {
  await page.goto('/');
  const html = await request.get('/', { headers: { accept: 'text/html' } });
  expect(html.headers()['content-type']).toContain('text/html');
  expect(html.headers()['cache-control']).toMatch(/no-cache/);
  const script = await page.locator('script[type="module"]').first().getAttribute('src');
  expect(script).toMatch(/^\/assets\/.+\.js$/);
  const asset = await request.get(script ?? '');
  expect(asset.status()).toBe(200);
  expect(asset.headers()['cache-control']).toContain('immutable');
});

test('the service worker takes control so the shell works offline after the first visit', async ({ page, context }) => {
  await page.goto('/');
  // `ready` resolves once a service worker is active for this page's scope.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker && worker.state !== 'activated') {
      await new Promise<void>((resolve) =>
        worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()),
      );
    }
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Characters', level: 1 })).toBeVisible();
  await expect(page.getByTestId('server-status')).toHaveText('Working offline');
  await context.setOffline(false);
});
