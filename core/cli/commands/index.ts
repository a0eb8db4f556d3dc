import type { Command } from '../command';
import { analyticsCommands } from './analytics';
import { appCommands } from './app';
import { attributionCommands } from './attribution';
import { campaignCommands } from './campaigns';
import { customerCommands } from './customer';
import { demoCommands } from './demo';
import { importCommands } from './import';
import { scoreCommands } from './scores';
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
    ...attributionCommands,
    ...scoreCommands,
    ...customerCommands,
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
