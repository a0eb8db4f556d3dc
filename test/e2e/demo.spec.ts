import { WorkspacesPage, expect, test } from './app';

test('create the demo workspace from the empty state, follow its progress, and find it open', async ({
  page,
  app,
}) => {
  const workspaces = new WorkspacesPage(page);
  await workspaces.goto(await app.start());
  await expect(page.getByTestId('empty-state').first()).toBeVisible();

  await page.getByTestId('demo-create').first().click();
  await expect(page.getByTestId('demo-progress')).toBeVisible();

  // Building takes seconds: the header names the workspace once it is open.
  await expect(page.getByTestId('current-workspace-name')).toHaveText('Demo — Marco Bicego', {
    timeout: 150_000,
  });
  await expect(page.getByText('Demo workspace ready')).toBeVisible();
  await expect(workspaces.row('Demo — Marco Bicego')).toBeVisible();
  await expect(workspaces.row('Demo — Marco Bicego')).toContainText('Marco Bicego');
  await expect(page.getByTestId('demo-create').first()).toBeEnabled();
});
