import { app } from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, shellPaths } from './app';

main(shellPaths(dirname(fileURLToPath(import.meta.url)), process.resourcesPath, app.isPackaged));
