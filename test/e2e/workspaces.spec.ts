import { WorkspacesPage, expect, test } from './app';

test('create, see, rename a workspace, then find it after reopening the app', async ({ page, app }) => {
  const workspaces = new WorkspacesPage(page);
  await workspaces.goto(await app.start());
  await expect(page.getByTestId('empty-state').first()).toBeVisible();

  await workspaces.create('Acme Outdoor', 'Acme Ltd');
  await expect(workspaces.row('Acme Outdoor')).toContainText('Acme Ltd');

  await workspaces.rename('Acme Outdoor', 'Acme Outdoor EU');
  await expect(workspaces.row('Acme Outdoor')).toHaveCount(0);

  // Reopen the app: a new backend process over the same data folder.
  await app.stop();
  await workspaces.goto(await app.start());
  await expect(workspaces.row('Acme Outdoor EU')).toBeVisible();
  await expect(workspaces.row('Acme Outdoor EU')).toContainText('Acme Ltd');
});

test('delete asks for confirmation, and undo brings the workspace back', async ({ page, app }) => {
  const workspaces = new WorkspacesPage(page);
  await workspaces.goto(await app.start());
  await workspaces.create('Short-lived');
  await workspaces.row('Short-lived').getByTestId('workspace-delete').click();
  await expect(page.getByRole('dialog')).toContainText('Short-lived');
  await page.getByTestId('confirm-delete').click();
  await expect(workspaces.row('Short-lived')).toHaveCount(0);
  await page.getByTestId('notification-undo').click();
  await expect(workspaces.row('Short-lived')).toBeVisible();
});
