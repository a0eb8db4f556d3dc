import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, startLoupe } from '../support/cli';
import type { ChildProcess } from 'node:child_process';

/** One running `loupe web` over a data folder; the same folder can be reopened. */
export class LoupeApp {
  private child: ChildProcess | null = null;
  url = '';
  constructor(
    readonly dataDir: string,
    private readonly templateCache: string,
  ) {}

  async start(): Promise<string> {
    const { child, output } = await startLoupe(
      ['web', '--port', '0', '--json'],
      { LOUPE_HOME: this.dataDir, LOUPE_TEMPLATE_CACHE: this.templateCache },
      /"url"/,
    );
    this.child = child;
    this.url = (JSON.parse(output.trim().split('\n')[0] ?? '{}') as { url: string }).url;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGTERM');
    await exited(this.child);
    this.child = null;
  }
}

/** Page object for the workspaces area. */
export class WorkspacesPage {
  constructor(private readonly page: Page) {}

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByTestId('nav-workspaces').click();
  }

  row(name: string) {
    return this.page.locator(`[data-testid="workspace-row"][data-workspace-name="${name}"]`);
  }

  async create(name: string, client?: string): Promise<void> {
    await this.page.getByTestId('workspace-create-open').first().click();
    await this.page.getByTestId('workspace-name-input').fill(name);
    if (client) await this.page.getByTestId('workspace-client-input').fill(client);
    await this.page.getByTestId('workspace-create-submit').click();
    await expect(this.row(name)).toBeVisible({ timeout: 60_000 });
  }

  async rename(from: string, to: string): Promise<void> {
    await this.row(from).getByTestId('workspace-rename').click();
    const input = this.page.getByTestId('workspace-rename-input');
    await input.fill(to);
    await this.page.getByTestId('workspace-rename-submit').click();
    await expect(this.row(to)).toBeVisible();
  }
}

/** Shared across tests and runs: templates are keyed by the migration set's fingerprint. */
const templateCache = process.env['LOUPE_TEMPLATE_CACHE'] ?? join(tmpdir(), 'loupe-e2e-templates');

/** Each test gets its own data folder and a `loupe web` over it, stopped afterwards. */
export const test = base.extend<{ app: LoupeApp }>({
  app: async ({ browserName }, use) => {
    const dir = mkdtempSync(join(tmpdir(), `loupe-e2e-${browserName}-`));
    const app = new LoupeApp(dir, templateCache);
    await use(app);
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect };
