import type { Command } from '../command';
import { analyticsCommands } from './analytics';
import { appCommands } from './app';
import { campaignCommands } from './campaigns';
import { demoCommands } from './demo';
import { importCommands } from './import';
import { sqlCommands } from './sql';
import { workspaceCommands } from './workspace';

/** Every CLI command; a duplicate path is refused when the table is built. */
export function allCommands(): Command[] {
  const commands = [
    ...workspaceCommands,
    ...demoCommands,
    ...sqlCommands,
    ...importCommands,
    ...analyticsCommands,
    ...campaignCommands,
    ...appCommands,
  ];
  const seen = new Set<string>();
  for (const c of commands) {
    const key = c.path.join(' ');
    if (seen.has(key)) throw new Error(`CLI command "${key}" is defined twice.`);
    seen.add(key);
  }
  return commands;
}
