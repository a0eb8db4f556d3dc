import type {
  ArgsOf,
  EventName,
  HandlerName,
  Outcome,
  PayloadOf,
  ResultOf,
  ServiceErrorData,
  WireMessage,
} from '../../../core/api';
import { BACKEND_UNREACHABLE_MESSAGE, CONNECTION_LOST_MESSAGE } from '../errors/messages';
import type { AppClient, ConnectionStatus } from './types';

/** The part of the browser WebSocket the client uses; tests pass a fake with the same shape. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export interface BridgeClientOptions {
  /** `ws://127.0.0.1:PORT/ws?token=…` */
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** First reconnect delay; doubles after every failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

const OPEN = 1;

interface Pending {
  name: string;
  resolve: (outcome: Outcome<unknown>) => void;
}

type Listener = (payload: unknown) => void;

export interface BridgeClient extends AppClient {
  /** Closes the socket for good (page unload, tests). */
  dispose(): void;
}

/** Builds the WebSocket address from the page's own address: same host, token from `?token=`. */
export function bridgeUrlFromLocation(
  location: Pick<Location, 'host' | 'protocol' | 'search'>,
): string | null {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return null;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}

/**
 * The browser transport: JSON wire frames over one WebSocket to the local bridge.
 * Requests made before the socket opens wait in a queue; when the socket closes,
 * every unanswered request resolves with an `internal` error (never hangs), and
 * the client reconnects with exponential back-off. Calls never reject: failures
 * arrive as Outcome errors like any other.
 */
export function createBridgeClient(options: BridgeClientOptions): BridgeClient {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const initialDelay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;

  let socket: SocketLike | null = null;
  let nextId = 1;
  /** Requests written to the current socket and not yet answered. */
  const inFlight = new Map<number, Pending>();
  /** Requests waiting for the socket to open. */
  let queue: { frame: WireMessage; pending: Pending; id: number }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const statusListeners = new Set<() => void>();
  let status: ConnectionStatus = { state: 'connecting', everConnected: false };
  let delay = initialDelay;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  function setStatus(next: ConnectionStatus): void {
    if (next.state === status.state && next.everConnected === status.everConnected) return;
    status = next;
    for (const l of [...statusListeners]) l();
  }

  function failAll(error: ServiceErrorData): void {
    const waiting = [...inFlight.values(), ...queue.map((q) => q.pending)];
    inFlight.clear();
    queue = [];
    for (const p of waiting) p.resolve({ ok: false, error });
  }

  function flushQueue(): void {
    const ready = queue;
    queue = [];
    for (const item of ready) write(item.id, item.frame, item.pending);
  }

  function write(id: number, frame: WireMessage, pending: Pending): void {
    if (!socket || socket.readyState !== OPEN) {
      queue.push({ id, frame, pending });
      return;
    }
    inFlight.set(id, pending);
    try {
      socket.send(JSON.stringify(frame));
    } catch (err) {
      inFlight.delete(id);
      pending.resolve({
        ok: false,
        error: { code: 'internal', message: `Loupe could not send the request: ${(err as Error).message}` },
      });
    }
  }

  function handleFrame(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let message: Partial<WireMessage>;
    try {
      message = JSON.parse(raw) as Partial<WireMessage>;
    } catch {
      return;
    }
    if (!message || typeof message !== 'object') return;
    if (message.kind === 'response' && typeof message.id === 'number') {
      const pending = inFlight.get(message.id);
      if (!pending) return;
      inFlight.delete(message.id);
      pending.resolve(isOutcome(message.outcome) ? message.outcome : malformed(pending.name));
      return;
    }
    if (message.kind === 'event' && typeof message.name === 'string') {
      for (const l of [...(listeners.get(message.name) ?? [])]) {
        try {
          l(message.payload);
        } catch (err) {
          // One faulty listener must not stop the others from hearing the event.
          console.error(`Listener for ${message.name} failed`, err);
        }
      }
    }
  }

  function connect(): void {
    if (disposed) return;
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    let opened = false;
    let s: SocketLike;
    try {
      s = createSocket(options.url);
    } catch {
      onClosed(false);
      return;
    }
    socket = s;
    if (status.state !== 'open') setStatus({ state: 'connecting', everConnected: status.everConnected });
    s.onopen = () => {
      if (socket !== s) return;
      opened = true;
      delay = initialDelay;
      setStatus({ state: 'open', everConnected: true });
      flushQueue();
    };
    s.onmessage = (event) => {
      if (socket === s) handleFrame(event.data);
    };
    s.onerror = () => {
      // A close event always follows; that is where the failure is handled.
    };
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      onClosed(opened);
    };
  }

  function onClosed(wasOpen: boolean): void {
    failAll({
      code: 'internal',
      message: wasOpen || status.everConnected ? CONNECTION_LOST_MESSAGE : BACKEND_UNREACHABLE_MESSAGE,
      details: { transport: 'bridge' },
    });
    if (disposed) return;
    setStatus({ state: 'disconnected', everConnected: status.everConnected });
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, delay);
    delay = Math.min(delay * 2, maxDelay);
  }

  connect();

  return {
    native: null,
    connection: {
      getStatus: () => status,
      subscribe(listener) {
        statusListeners.add(listener);
        return () => statusListeners.delete(listener);
      },
      retryNow() {
        if (disposed || socket) return;
        connect();
      },
    },
    send<N extends HandlerName>(name: N, args: ArgsOf<N>): Promise<Outcome<ResultOf<N>>> {
      if (disposed) {
        return Promise.resolve({ ok: false, error: { code: 'internal', message: CONNECTION_LOST_MESSAGE } });
      }
      const id = nextId++;
      return new Promise<Outcome<ResultOf<N>>>((resolve) => {
        const pending: Pending = { name, resolve: resolve as (o: Outcome<unknown>) => void };
        write(id, { kind: 'request', id, name, args }, pending);
        // A request made while disconnected should not sit out the back-off: try now.
        if (!socket) connect();
      });
    },
    on<E extends EventName>(name: E, listener: (payload: PayloadOf<E>) => void): () => void {
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      const l = listener as Listener;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    dispose() {
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const s = socket;
      socket = null;
      failAll({ code: 'internal', message: CONNECTION_LOST_MESSAGE });
      s?.close();
    },
  };
}

function isOutcome(value: unknown): value is Outcome<unknown> {
  if (!value || typeof value !== 'object') return false;
  const o = value as { ok?: unknown; error?: unknown };
  if (o.ok === true) return 'value' in o;
  return o.ok === false && !!o.error && typeof o.error === 'object';
}

function malformed(name: string): Outcome<unknown> {
  return {
    ok: false,
    error: { code: 'internal', message: `Loupe’s backend sent an unreadable answer to ${name}.` },
  };
}
