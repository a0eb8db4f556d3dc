export * from './contract';
export * from './errors';
export * from './sql';
export * from './workspaces';
export * from './demo';
export * from './imports';
