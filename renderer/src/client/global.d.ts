import type { LoupePreloadApi } from './types';

declare global {
  interface Window {
    /** Present only inside the Electron shell, set by its preload script. */
    loupe?: LoupePreloadApi;
  }
}

export {};
