import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireMessage } from '../../core/api/contract';
import { startBridge, type Bridge } from '../../core/bridge/server';
import { tempService, type TempService } from '../support/temp-service';

let t: TempService;
let bridge: Bridge;
let staticDir: string;

beforeAll(async () => {
  t = tempService();
  staticDir = mkdtempSync(join(tmpdir(), 'loupe-ui-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Loupe</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  bridge = await startBridge({ service: t.service, staticDir });
});
afterAll(async () => {
  await bridge.close();
  await t.dispose();
  rmSync(staticDir, { recursive: true, force: true });
});

function origin(): string {
  return `http://127.0.0.1:${bridge.port}`;
}

function connect(token: string, headers: Record<string, string> = { Origin: origin() }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws?token=${encodeURIComponent(token)}`, {
      headers,
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket, match: (m: WireMessage) => boolean): Promise<WireMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const m = JSON.parse(data.toString()) as WireMessage;
      if (match(m)) {
        ws.off('message', onMessage);
        resolve(m);
      }
    };
    ws.on('message', onMessage);
  });
}

describe('local bridge', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token', () => {
    expect(bridge.url).toBe(`${origin()}/?token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the built interface and nothing outside it', async () => {
    const index = await fetch(`${origin()}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('<title>Loupe</title>');
    expect((await fetch(`${origin()}/assets/app.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${origin()}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(`${origin()}/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a WebSocket without the right token or from another origin', async () => {
    await expect(connect('wrong-token')).rejects.toThrow('HTTP 403');
    await expect(connect('')).rejects.toThrow('HTTP 403');
    await expect(connect(bridge.token, { Origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('answers requests with typed outcomes and pushes events', async () => {
    const ws = await connect(bridge.token);
    const event = nextMessage(ws, (m) => m.kind === 'event');
    const created = nextMessage(ws, (m) => m.kind === 'response' && m.id === 7);
    ws.send(
      JSON.stringify({ kind: 'request', id: 7, name: 'workspaces/create', args: { name: 'Bridge Co' } }),
    );
    expect(await created).toMatchObject({
      kind: 'response',
      id: 7,
      outcome: { ok: true, value: { name: 'Bridge Co' } },
    });
    expect(await event).toMatchObject({
      kind: 'event',
      name: 'workspaces/changed',
      payload: { reason: 'created' },
    });

    const failed = nextMessage(ws, (m) => m.kind === 'response' && m.id === 8);
    ws.send(
      JSON.stringify({ kind: 'request', id: 8, name: 'workspaces/create', args: { name: 'bridge co' } }),
    );
    expect(await failed).toMatchObject({ outcome: { ok: false, error: { code: 'already-exists' } } });

    const unknown = nextMessage(ws, (m) => m.kind === 'response' && m.id === 9);
    ws.send('not json');
    ws.send(JSON.stringify({ kind: 'request', id: 9, name: 'no/such-handler', args: {} }));
    expect(await unknown).toMatchObject({ outcome: { ok: false, error: { code: 'unknown-handler' } } });
    ws.close();
  });
});
