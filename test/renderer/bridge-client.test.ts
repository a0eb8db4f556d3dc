import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireMessage } from '../../core/api';
import {
  bridgeUrlFromLocation,
  createBridgeClient,
  type SocketLike,
} from '../../renderer/src/client/bridge-client';
import { BACKEND_UNREACHABLE_MESSAGE, CONNECTION_LOST_MESSAGE } from '../../renderer/src/errors/messages';

/** A WebSocket double the test drives by hand: open it, push frames in, close it. */
class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: WireMessage[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send() on a socket that is not open');
    this.sent.push(JSON.parse(data) as WireMessage);
  }

  close(): void {
    this.serverClose();
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  receive(frame: unknown): void {
    this.onmessage?.(
      new MessageEvent('message', { data: typeof frame === 'string' ? frame : JSON.stringify(frame) }),
    );
  }

  serverClose(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onerror?.(new Event('error'));
    this.onclose?.(new CloseEvent('close'));
  }
}

function latest(): FakeSocket {
  const s = FakeSocket.all.at(-1);
  if (!s) throw new Error('no socket was created');
  return s;
}

function make() {
  return createBridgeClient({
    url: 'ws://127.0.0.1:4000/ws?token=abc',
    createSocket: (url) => new FakeSocket(url),
    initialDelayMs: 100,
    maxDelayMs: 400,
  });
}

/** Lets the promise callbacks queued by the client run. */
const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('bridge client', () => {
  it('queues requests until the socket opens, then sends request frames with distinct ids', () => {
    const client = make();
    void client.send('workspaces/list', { includeArchived: true });
    void client.send('app/get-info', {});
    const socket = latest();
    expect(socket.url).toBe('ws://127.0.0.1:4000/ws?token=abc');
    expect(socket.sent).toEqual([]);

    socket.open();
    expect(socket.sent).toEqual([
      { kind: 'request', id: 1, name: 'workspaces/list', args: { includeArchived: true } },
      { kind: 'request', id: 2, name: 'app/get-info', args: {} },
    ]);
    expect(client.connection.getStatus()).toEqual({ state: 'open', everConnected: true });
    client.dispose();
  });

  it('matches responses to requests by id, whatever order they arrive in', async () => {
    const client = make();
    latest().open();
    const first = client.send('workspaces/get', { workspace: 'a' });
    const second = client.send('workspaces/get', { workspace: 'b' });
    const [idA, idB] = latest().sent.map((f) => (f.kind === 'request' ? f.id : -1));

    latest().receive({
      kind: 'response',
      id: idB,
      outcome: { ok: false, error: { code: 'not-found', message: 'No b.' } },
    });
    latest().receive({ kind: 'response', id: idA, outcome: { ok: true, value: { id: 'a', name: 'A' } } });

    await expect(first).resolves.toEqual({ ok: true, value: { id: 'a', name: 'A' } });
    await expect(second).resolves.toEqual({ ok: false, error: { code: 'not-found', message: 'No b.' } });
    client.dispose();
  });

  it('delivers events to the listeners of that name until they unsubscribe', () => {
    const client = make();
    latest().open();
    const heard: unknown[] = [];
    const other: unknown[] = [];
    const off = client.on('workspaces/changed', (p) => heard.push(p));
    client.on('job/progress', (p) => other.push(p));

    latest().receive({ kind: 'event', name: 'workspaces/changed', payload: { reason: 'created', id: 'w1' } });
    off();
    latest().receive({ kind: 'event', name: 'workspaces/changed', payload: { reason: 'deleted', id: 'w1' } });

    expect(heard).toEqual([{ reason: 'created', id: 'w1' }]);
    expect(other).toEqual([]);
    client.dispose();
  });

  it('ignores frames it cannot read and answers a malformed outcome with an error', async () => {
    const client = make();
    latest().open();
    const pending = client.send('app/get-info', {});
    latest().receive('not json');
    latest().receive({ kind: 'response', id: 999, outcome: { ok: true, value: 1 } });
    latest().receive({ kind: 'response', id: 1, outcome: { nonsense: true } });
    const outcome = await pending;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('internal');
    client.dispose();
  });

  it('answers every unanswered request with a connection-lost error when the socket closes', async () => {
    const client = make();
    latest().open();
    const inFlight = client.send('workspaces/list', {});
    latest().serverClose();
    await expect(inFlight).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: CONNECTION_LOST_MESSAGE, details: { transport: 'bridge' } },
    });
    expect(client.connection.getStatus()).toEqual({ state: 'disconnected', everConnected: true });
    client.dispose();
  });

  it('reconnects with a doubling back-off and reports the status changes', async () => {
    const client = make();
    const states: string[] = [];
    client.connection.subscribe(() => states.push(client.connection.getStatus().state));
    latest().open();
    latest().serverClose();
    expect(FakeSocket.all).toHaveLength(1);

    vi.advanceTimersByTime(99);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);

    // The second attempt fails too: the next one waits twice as long.
    latest().serverClose();
    vi.advanceTimersByTime(199);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);

    latest().open();
    expect(states).toEqual(['open', 'disconnected', 'connecting', 'disconnected', 'connecting', 'open']);

    // A successful connection resets the back-off to its first step.
    latest().serverClose();
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(4);
    client.dispose();
  });

  it('caps the back-off', () => {
    const client = make();
    for (let i = 0; i < 5; i++) {
      latest().serverClose();
      vi.advanceTimersByTime(10_000);
    }
    const before = FakeSocket.all.length;
    latest().serverClose();
    vi.advanceTimersByTime(399);
    expect(FakeSocket.all).toHaveLength(before);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(before + 1);
    client.dispose();
  });

  it('says the backend is unreachable when the first connection fails, and a new request retries at once', async () => {
    const client = make();
    const first = client.send('app/check-health', {});
    latest().serverClose();
    await expect(first).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal', message: BACKEND_UNREACHABLE_MESSAGE },
    });
    expect(client.connection.getStatus()).toEqual({ state: 'disconnected', everConnected: false });

    const second = client.send('app/check-health', {});
    expect(FakeSocket.all).toHaveLength(2);
    latest().open();
    const frame = latest().sent[0];
    expect(frame).toMatchObject({ kind: 'request', name: 'app/check-health' });
    latest().receive({
      kind: 'response',
      id: frame?.kind === 'request' ? frame.id : -1,
      outcome: { ok: true, value: { ok: true, problems: [] } },
    });
    await expect(second).resolves.toEqual({ ok: true, value: { ok: true, problems: [] } });
    await flush();
    client.dispose();
  });

  it('stops reconnecting once disposed', () => {
    const client = make();
    latest().open();
    client.dispose();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });
});

describe('bridge address', () => {
  it('builds the WebSocket address from the page address and its token', () => {
    expect(bridgeUrlFromLocation({ protocol: 'http:', host: '127.0.0.1:5123', search: '?token=a+b/c' })).toBe(
      'ws://127.0.0.1:5123/ws?token=a%20b%2Fc',
    );
    expect(bridgeUrlFromLocation({ protocol: 'http:', host: '127.0.0.1:5123', search: '' })).toBeNull();
  });
});
