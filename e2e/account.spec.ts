// Signing in to the user's own server from the app, staying signed in across a reload, and listing
// "My server"'s models as that user.
import { expect, test } from './fixtures';

test("create an account, stay signed in across a reload, see the server's own model list, sign out", async ({
  page,
  problems,
}) => {
  test.setTimeout(120_000);
  const username = `e2e_${Date.now().toString(36)}`;
  await page.goto('/');
  const account = page.getByRole('region', { name: 'Account' });
  await account.getByLabel('User name').fill(username);
  await account.getByLabel('Password').fill('a long enough password');
  await account.getByRole('button', { name: 'Create account' }).click();
  await expect(account.getByRole('status')).toHaveText(`Signed in to this server as ${username}.`);

  // A new page load restores the session from IndexedDB (the refresh token), not from memory.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Account' }).getByRole('status')).toContainText(username);

  await page.getByLabel('Engine').selectOption('remote');
  // The picker lists what this server has (GET /api/models as this user), not the browser's catalog: here the
  // catalog's ONNX models, none of them downloaded on the e2e server.
  const model = page.getByRole('combobox', { name: 'Model', exact: true });
  await expect(model.getByRole('option', { name: /not downloaded on the server/ }).first()).toBeAttached();

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Account' }).getByLabel('User name')).toBeVisible();
  expect(problems.cspViolations).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
});
