import type { ErrorCode, ServiceErrorData } from '../../../core/api';

/**
 * All user-facing error wording lives here, so every screen speaks about the
 * same failure in the same words. The backend's message already says what went
 * wrong; the title names the kind of problem and the hint says what to do next.
 */
const TITLES: Record<ErrorCode, string> = {
  'invalid-argument': 'Please check what you entered',
  'not-found': 'Not found',
  'already-exists': 'That name is taken',
  'confirmation-required': 'Confirmation needed',
  'workspace-locked': 'This workspace is open elsewhere',
  'workspace-not-open': 'This workspace is not open',
  'workspace-too-new': 'This workspace needs a newer Loupe',
  'migration-checksum-mismatch': 'This workspace does not match this version of Loupe',
  'migration-failed': 'This workspace could not be upgraded',
  'workspace-unreadable': 'This workspace cannot be read',
  'data-folder-unavailable': 'Loupe cannot use its data folder',
  'read-only-violation': 'That query would change data',
  'query-failed': 'The query failed',
  'unknown-handler': 'This action is not available',
  cancelled: 'Cancelled',
  internal: 'Something went wrong',
};

const HINTS: Partial<Record<ErrorCode, string>> = {
  'workspace-locked':
    'Close it in the other Loupe window or command, then try again. If nothing else is using it, wait a moment and retry.',
  'workspace-too-new':
    'It was last opened by a newer version of Loupe. Update Loupe, or choose another workspace.',
  'migration-checksum-mismatch':
    'Its recorded upgrades differ from the ones this version of Loupe knows. Open it with the version that created it, or restore it from a backup.',
  'migration-failed': 'Nothing was changed: the upgrade was rolled back. A backup was kept before upgrading.',
  'workspace-unreadable':
    'Its files are missing or damaged. Check that the folder is still on this computer, or restore the workspace from a backup.',
  'data-folder-unavailable': 'Check the folder’s permissions and that its drive is connected.',
  'unknown-handler': 'This version of Loupe’s backend does not offer it. Restart Loupe after updating.',
  internal: 'Try again. If it keeps happening, restart Loupe.',
};

export function errorTitle(code: ErrorCode): string {
  return TITLES[code];
}

export function errorHint(code: ErrorCode): string | null {
  return HINTS[code] ?? null;
}

/** Codes that mean a workspace cannot be opened as it is; they get a full recovery screen, not a toast. */
export const WORKSPACE_OPEN_BLOCKERS: readonly ErrorCode[] = [
  'workspace-locked',
  'workspace-too-new',
  'migration-checksum-mismatch',
  'migration-failed',
  'workspace-unreadable',
];

/** Codes where the backend objects to a value the user typed: shown next to the field. */
export function isFieldError(error: ServiceErrorData): boolean {
  return error.code === 'already-exists' || error.code === 'invalid-argument';
}

export const DEMO_CREATE_FAILED_TITLE = 'Could not create the demo workspace';

export const CONNECTION_LOST_MESSAGE =
  'The connection to Loupe’s backend was lost before it answered. Loupe is reconnecting; try again in a moment.';

export const BACKEND_UNREACHABLE_MESSAGE =
  'Loupe’s interface cannot reach its backend. Check that the Loupe process that printed this page’s address is still running and that you opened that full address, then retry.';

export const MISSING_TOKEN_MESSAGE =
  'This page was opened without its access token. Open the full address (with ?token=…) that the “loupe web” command printed.';

export const PRELOAD_FAILURE_MESSAGE =
  'Loupe’s window could not pass this request to its backend. Restart Loupe.';

export const BANNER_DISCONNECTED = {
  title: 'Disconnected from Loupe’s backend',
  message: 'Loupe is reconnecting. Anything you do before the connection is back will not reach your data.',
};
