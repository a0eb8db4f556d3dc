import type { Logger } from './registry';

export const consoleLogger: Logger = {
  error(message, err) {
    console.error(`[loupe] ${message}`, err instanceof Error ? (err.stack ?? err.message) : (err ?? ''));
  },
  info(message) {
    console.error(`[loupe] ${message}`);
  },
};

/** Keeps log lines in memory; tests assert an unexpected error was logged exactly once. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    error(message, err) {
      lines.push(`error: ${message}${err instanceof Error ? `: ${err.message}` : ''}`);
    },
    info(message) {
      lines.push(`info: ${message}`);
    },
  };
}
