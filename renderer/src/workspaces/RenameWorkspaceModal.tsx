import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ServiceErrorData, Workspace } from '../../../core/api';
import { ErrorAlert } from '../errors/ErrorAlert';
import { isFieldError } from '../errors/messages';
import { useSend } from '../query/use-query';

interface RenameWorkspaceModalProps {
  workspace: Workspace | null;
  onClose(): void;
  onRenamed(workspace: Workspace): void;
}

export function RenameWorkspaceModal({ workspace, onClose, onRenamed }: RenameWorkspaceModalProps) {
  return (
    <Modal opened={workspace !== null} onClose={onClose} title="Rename workspace" size="md" centered>
      {workspace && (
        <RenameForm key={workspace.id} workspace={workspace} onCancel={onClose} onRenamed={onRenamed} />
      )}
    </Modal>
  );
}

function RenameForm({
  workspace,
  onCancel,
  onRenamed,
}: {
  workspace: Workspace;
  onCancel(): void;
  onRenamed(workspace: Workspace): void;
}) {
  const send = useSend();
  const [name, setName] = useState(workspace.name);
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<ServiceErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setNameError('A workspace needs a name.');
      return;
    }
    if (trimmed === workspace.name) {
      onCancel();
      return;
    }
    setBusy(true);
    setError(null);
    const outcome = await send('workspaces/rename', { workspace: workspace.id, name: trimmed });
    setBusy(false);
    if (outcome.ok) {
      onRenamed(outcome.value);
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
          required
          data-autofocus
          maxLength={80}
          value={name}
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setNameError(null);
          }}
          error={nameError}
          data-testid="workspace-rename-input"
        />
        {error && <ErrorAlert error={error} title="Could not rename the workspace" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} data-testid="workspace-rename-submit">
            Rename
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
