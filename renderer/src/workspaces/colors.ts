import { WORKSPACE_COLORS } from '../../../core/api';

export type WorkspaceColor = (typeof WORKSPACE_COLORS)[number];

/** A workspace colour is a Mantine palette name or `#rrggbb`; both become a CSS colour here. */
export function swatchColor(color: string): string {
  if (/^#[0-9a-fA-F]{6}$/.test(color)) return color;
  if ((WORKSPACE_COLORS as readonly string[]).includes(color)) return `var(--mantine-color-${color}-filled)`;
  return 'var(--mantine-color-gray-filled)';
}

export function colorLabel(color: string): string {
  return color.startsWith('#') ? color : color.charAt(0).toUpperCase() + color.slice(1);
}
