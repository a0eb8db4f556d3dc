import type { Outcome, WireMessage } from '../core/api/contract';

/** The slice of Electron's UtilityProcess the relay needs; a fake stands in for it in tests. */
export interface BackendChild {
  postMessage(message: WireMessage): void;
  on(event: 'message', listener: (message: WireMessage) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/**
 * Relays calls from windows to the backend utility process and fans events back
 * out. If the backend dies, waiting calls fail with a typed error instead of hanging.
 */
export class BackendRelay {
  private nextId = 1;
  private readonly pending = new Map<number, (outcome: Outcome<unknown>) => void>();
  private readonly eventListeners = new Set<(name: string, payload: unknown) => void>();
  private alive = true;

  constructor(private readonly child: BackendChild) {
    child.on('message', (message) => this.receive(message));
    child.on('exit', (code) => {
      this.alive = false;
      for (const resolve of this.pending.values()) {
        resolve({
          ok: false,
          error: {
            code: 'internal',
            message: `Loupe's backend stopped unexpectedly (exit code ${code}). Restart Loupe; your data is safe.`,
          },
        });
      }
      this.pending.clear();
    });
  }

  private receive(message: WireMessage): void {
    if (message.kind === 'response') {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.outcome);
    } else if (message.kind === 'event') {
      for (const l of this.eventListeners) l(message.name, message.payload);
    }
  }

  send(name: string, args: unknown): Promise<Outcome<unknown>> {
    if (!this.alive) {
      return Promise.resolve({
        ok: false,
        error: { code: 'internal', message: "Loupe's backend is not running. Restart Loupe." },
      });
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.postMessage({ kind: 'request', id, name, args });
    });
  }

  onEvent(listener: (name: string, payload: unknown) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }
}
