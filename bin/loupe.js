#!/usr/bin/env node
// The `loupe` command runs the TypeScript sources directly through tsx, so the
// CLI always matches the checkout it was installed from.
import { register } from 'tsx/esm/api';

register();
await import('../core/cli/main.ts');
