import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Workspace } from '../../../core/api';

interface DeleteWorkspaceModalProps {
  workspace: Workspace | null;
  onClose(): void;
  /** Resolves with an error message to keep the dialog open and show it. */
  onConfirm(workspace: Workspace): Promise<{ ok: true } | { ok: false; message: string }>;
}

export function DeleteWorkspaceModal({ workspace, onClose, onConfirm }: DeleteWorkspaceModalProps) {
  return (
    <Modal opened={workspace !== null} onClose={onClose} title="Delete workspace?" size="md" centered>
      {workspace && (
        <DeleteBody key={workspace.id} workspace={workspace} onCancel={onClose} onConfirm={onConfirm} />
      )}
    </Modal>
  );
}

function DeleteBody({
  workspace,
  onCancel,
  onConfirm,
}: {
  workspace: Workspace;
  onCancel(): void;
  onConfirm: DeleteWorkspaceModalProps['onConfirm'];
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Stack gap="md">
      <Text size="sm">
        <Text span fw={600}>
          “{workspace.name}”
        </Text>{' '}
        and all its imported data will be moved to the trash. You can restore it from the Trash on the
        Workspaces page.
      </Text>
      {error && (
        <Alert color="red" variant="light" role="alert" title="Could not delete the workspace">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        {/* Cancel takes the focus first: Enter on an unexpected dialog must not delete anything. */}
        <Button variant="default" onClick={onCancel} disabled={busy} data-autofocus>
          Cancel
        </Button>
        <Button
          color="red"
          leftSection={<IconTrash size={16} />}
          loading={busy}
          data-testid="confirm-delete"
          onClick={async () => {
            setBusy(true);
            setError(null);
            const result = await onConfirm(workspace);
            setBusy(false);
            if (!result.ok) setError(result.message);
          }}
        >
          Move to trash
        </Button>
      </Group>
    </Stack>
  );
}
