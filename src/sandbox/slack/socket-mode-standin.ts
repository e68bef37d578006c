import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export type SocketEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/**
 * Slack's Socket Mode on loopback: the WebSocket that `apps.connections.open` points at. It greets
 * with `hello`, delivers envelopes and resolves each with the payload of the app's acknowledgement.
 */
export class SocketModeStandIn {
  private server: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private readonly acks = new Map<string, (payload: Record<string, unknown>) => void>();
  private onConnect: (() => void) | undefined;
  url = '';

  async start(): Promise<string> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as {
          envelope_id?: string;
          payload?: Record<string, unknown>;
        };
        if (message.envelope_id) this.acks.get(message.envelope_id)?.(message.payload ?? {});
      });
      socket.send(
        JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0BUCKETKEY' } }),
      );
      this.onConnect?.();
    });
    this.server = server;
    this.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`;
    return this.url;
  }

  /** Resolves once an app has connected (after its `apps.connections.open`). */
  connected(): Promise<void> {
    if (this.socket) return Promise.resolve();
    return new Promise((resolve) => {
      this.onConnect = resolve;
    });
  }

  /** Delivers one envelope and resolves with what the app acknowledged it with. */
  deliver(type: SocketEnvelopeType, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('no app is connected'));
    const envelopeId = randomUUID();
    const acked = new Promise<Record<string, unknown>>((resolve) => this.acks.set(envelopeId, resolve));
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
      }),
    );
    return acked;
  }

  async stop(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
