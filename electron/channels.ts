/** IPC channel names between the preload and the main process; nothing else is listened to. */
export const CHANNELS = {
  send: 'loupe:send',
  event: 'loupe:event',
  openFileDialog: 'loupe:open-file-dialog',
  saveFileDialog: 'loupe:save-file-dialog',
  revealInFolder: 'loupe:reveal-in-folder',
} as const;

/** The custom scheme the renderer is loaded from (a secure, standard origin of its own). */
export const APP_SCHEME = 'loupe';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
