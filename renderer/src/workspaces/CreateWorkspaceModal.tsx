import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { WORKSPACE_COLORS, type ServiceErrorData, type Workspace } from '../../../core/api';
import { ErrorAlert } from '../errors/ErrorAlert';
import { isFieldError } from '../errors/messages';
import { useSend } from '../query/use-query';
import { WorkspaceColorPicker } from './ColorPicker';

interface CreateWorkspaceModalProps {
  opened: boolean;
  onClose(): void;
  onCreated(workspace: Workspace): void;
  /** The next palette colour, so new workspaces do not all look alike. */
  suggestedColor?: string;
}

export function CreateWorkspaceModal({
  opened,
  onClose,
  onCreated,
  suggestedColor,
}: CreateWorkspaceModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="New workspace" size="md" centered>
      {/* Mounted only while open, so every visit starts from an empty form. */}
      {opened && (
        <CreateWorkspaceForm onCancel={onClose} onCreated={onCreated} suggestedColor={suggestedColor} />
      )}
    </Modal>
  );
}

function CreateWorkspaceForm({
  onCancel,
  onCreated,
  suggestedColor,
}: {
  onCancel(): void;
  onCreated(workspace: Workspace): void;
  suggestedColor: string | undefined;
}) {
  const send = useSend();
  const [name, setName] = useState('');
  const [client, setClient] = useState('');
  const [color, setColor] = useState<string>(suggestedColor ?? WORKSPACE_COLORS[0]);
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<ServiceErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setNameError('Give the workspace a name, for example the client or project it is for.');
      return;
    }
    setBusy(true);
    setError(null);
    const outcome = await send('workspaces/create', { name: trimmed, client: client.trim() || null, color });
    setBusy(false);
    if (outcome.ok) {
      onCreated(outcome.value);
      return;
    }
    if (isFieldError(outcome.error)) setNameError(outcome.error.message);
    else setError(outcome.error);
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          placeholder="e.g. Acme spring campaigns"
          required
          data-autofocus
          maxLength={80}
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setNameError(null);
          }}
          error={nameError}
          data-testid="workspace-name-input"
        />
        <TextInput
          label="Client"
          description="Optional. Who the work is for; shown in the workspace list."
          placeholder="e.g. Acme Ltd"
          value={client}
          onChange={(e) => setClient(e.currentTarget.value)}
          data-testid="workspace-client-input"
        />
        <WorkspaceColorPicker value={color} onChange={setColor} />
        {error && <ErrorAlert error={error} title="Could not create the workspace" />}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} data-testid="workspace-create-submit">
            Create workspace
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
