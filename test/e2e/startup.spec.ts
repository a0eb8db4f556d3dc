import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, runLoupe, startLoupe } from '../support/cli';
import { LoupeApp, WorkspacesPage, expect, test } from './app';

test('an unusable data folder shows the startup-failure screen with recovery actions', async ({ page }) => {
  const base = mkdtempSync(join(tmpdir(), 'loupe-e2e-blocked-'));
  const file = join(base, 'not-a-folder');
  writeFileSync(file, 'x');
  const app = new LoupeApp(join(file, 'Loupe'), join(base, 'templates'));
  try {
    await page.goto(await app.start());
    const screen = page.getByTestId('startup-failure');
    await expect(screen).toBeVisible();
    await expect(screen).toContainText('data folder');
    await expect(page.getByTestId('startup-retry')).toBeVisible();
    await page.getByTestId('startup-retry').click();
    await expect(screen).toBeVisible();
  } finally {
    await app.stop();
    rmSync(base, { recursive: true, force: true });
  }
});

test('opening a workspace held by another process explains who holds it', async ({ page, app }) => {
  const env = { LOUPE_HOME: app.dataDir };
  expect((await runLoupe(['workspace', 'create', 'Held Co'], env)).code).toBe(0);
  const holder = await startLoupe(
    ['workspace', 'open', 'Held Co', '--hold'],
    env,
    /Holding the workspace open/,
  );
  try {
    const workspaces = new WorkspacesPage(page);
    await workspaces.goto(await app.start());
    await workspaces.row('Held Co').getByTestId('workspace-open').click();
    await expect(page.getByText(/is open in the loupe command line/).first()).toBeVisible();
  } finally {
    holder.child.kill('SIGINT');
    await exited(holder.child);
  }
});
