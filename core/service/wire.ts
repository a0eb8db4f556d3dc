import type { WireMessage } from '../api/contract';
import type { Service } from './service';

/**
 * Speaks the wire protocol for one connection (a bridge WebSocket, the Electron
 * utility-process port): requests become service calls, events are forwarded,
 * and a `cancel` frame aborts the matching call's signal.
 */
export function createWireEndpoint(
  service: Service,
  post: (message: WireMessage) => void,
): {
  receive(message: unknown): void;
  dispose(): void;
} {
  const running = new Map<number, AbortController>();
  const unsubscribe = service.subscribe((name, payload) => post({ kind: 'event', name, payload }));
  return {
    receive(message) {
      if (!message || typeof message !== 'object') return;
      const m = message as Partial<WireMessage>;
      if (m.kind === 'cancel' && typeof m.id === 'number') {
        running.get(m.id)?.abort();
        return;
      }
      if (m.kind !== 'request' || typeof m.id !== 'number' || typeof m.name !== 'string') return;
      const id = m.id;
      const controller = new AbortController();
      running.set(id, controller);
      void service
        .call(m.name, m.args, controller.signal)
        .then((outcome) => post({ kind: 'response', id, outcome }))
        .finally(() => running.delete(id));
    },
    dispose() {
      unsubscribe();
      for (const c of running.values()) c.abort();
      running.clear();
    },
  };
}
