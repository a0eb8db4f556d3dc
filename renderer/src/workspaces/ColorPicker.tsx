import { CheckIcon, ColorSwatch, Group, Input } from '@mantine/core';
import { WORKSPACE_COLORS } from '../../../core/api';
import { colorLabel, swatchColor } from './colors';

interface WorkspaceColorPickerProps {
  value: string;
  onChange(color: string): void;
}

/** The palette as a radio group: Tab reaches it, arrow keys move the choice, as in any native radio set. */
export function WorkspaceColorPicker({ value, onChange }: WorkspaceColorPickerProps) {
  const known = (WORKSPACE_COLORS as readonly string[]).includes(value);
  // A custom #rrggbb colour is not in the palette; the first swatch then takes the Tab stop.
  const tabStop = known ? value : WORKSPACE_COLORS[0];
  const index = known ? (WORKSPACE_COLORS as readonly string[]).indexOf(value) : 0;
  const move = (delta: number) => {
    const next = WORKSPACE_COLORS[(index + delta + WORKSPACE_COLORS.length) % WORKSPACE_COLORS.length];
    if (next) {
      onChange(next);
      document.getElementById(`workspace-color-${next}`)?.focus();
    }
  };
  return (
    <Input.Wrapper
      label="Colour"
      description="Shown next to the name, so you can tell workspaces apart at a glance."
    >
      <Group
        gap={8}
        mt={6}
        role="radiogroup"
        aria-label="Workspace colour"
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight' || e.key === 'ArrowDown') {
            e.preventDefault();
            move(1);
          } else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') {
            e.preventDefault();
            move(-1);
          }
        }}
      >
        {WORKSPACE_COLORS.map((color) => {
          const selected = color === value;
          return (
            <ColorSwatch
              key={color}
              id={`workspace-color-${color}`}
              component="button"
              type="button"
              role="radio"
              aria-checked={selected}
              aria-label={colorLabel(color)}
              tabIndex={color === tabStop ? 0 : -1}
              color={swatchColor(color)}
              size={26}
              onClick={() => onChange(color)}
              style={{ cursor: 'pointer', color: '#fff' }}
            >
              {selected && <CheckIcon style={{ width: 12, height: 12 }} />}
            </ColorSwatch>
          );
        })}
      </Group>
    </Input.Wrapper>
  );
}
