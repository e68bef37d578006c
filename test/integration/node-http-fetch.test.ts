import type { IncomingMessage, Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHttpFetch } from '../../src/adapters/slack/node-http-fetch.js';
import { close, listen, readBody, readRawBody } from '../../src/sandbox/http.js';

/** What the server last received. */
let received: { method: string; url: string; headers: IncomingMessage['headers']; body: string } | undefined;
let server: Server | undefined;
let url = '';

beforeAll(async () => {
  ({ server, url } = await listen(async (req, res) => {
    const path = req.url ?? '/';
    const body = path === '/upload' ? (await readRawBody(req)).toString('latin1') : await readBody(req);
    received = { method: req.method ?? '', url: path, headers: req.headers, body };
    if (path === '/slow') return void setTimeout(() => res.end('late'), 2000).unref();
    if (path === '/limited') {
      res.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' });
      return void res.end('{"ok":false,"error":"ratelimited"}');
    }
    if (path === '/moved') {
      res.writeHead(302, { location: `${url}/elsewhere` });
      return void res.end();
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-oauth-scopes': 'chat:write, users:read',
      'set-cookie': ['a=1', 'b=2'],
    });
    res.end(JSON.stringify({ ok: true, ts: '1.2', echo: body }));
  }));
});
afterAll(() => close(server));

describe('nodeHttpFetch, the WebClient’s transport', () => {
  it('posts the body with the given method and headers, and answers status, headers and body', async () => {
    const response = await nodeHttpFetch(`${url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer xoxb-1' },
      body: 'channel=C1&text=h%C3%A9',
    });
    expect(received).toMatchObject({
      method: 'POST',
      url: '/api/chat.postMessage',
      body: 'channel=C1&text=h%C3%A9',
    });
    expect(received?.headers.authorization).toBe('Bearer xoxb-1');
    expect(response).toMatchObject({
      ok: true,
      status: 200,
      statusText: 'OK',
      url: `${url}/api/chat.postMessage`,
    });
    expect(response.headers.get('X-OAuth-Scopes')).toBe('chat:write, users:read');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(response.headers.get('x-absent')).toBeNull();
    expect(await response.json()).toEqual({ ok: true, ts: '1.2', echo: 'channel=C1&text=h%C3%A9' });
  });

  it('reads the same body as text and as bytes', async () => {
    const response = await nodeHttpFetch(`${url}/api/x`, { method: 'POST', body: 'é' });
    const text = JSON.stringify({ ok: true, ts: '1.2', echo: 'é' });
    expect(await response.text()).toBe(text);
    expect(Buffer.from(await response.arrayBuffer()).toString('utf8')).toBe(text);
  });

  it('answers a 429 with its retry-after, for WebClient to wait on', async () => {
    const response = await nodeHttpFetch(`${url}/limited`, { method: 'POST', body: '' });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(Object.fromEntries(response.headers.entries())).toMatchObject({ 'retry-after': '7' });
  });

  it('follows no redirect', async () => {
    const response = await nodeHttpFetch(`${url}/moved`, { method: 'POST', body: '', redirect: 'error' });
    expect(response.status).toBe(302);
    expect(received?.url).toBe('/moved');
  });

  it('gives up when its signal aborts, rather than wait for the answer', async () => {
    const failed = await nodeHttpFetch(`${url}/slow`, {
      method: 'POST',
      body: '',
      signal: AbortSignal.timeout(50),
    }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).name).toBe('AbortError');
  });

  it('fails, rather than answers, when nothing listens', async () => {
    await expect(nodeHttpFetch('http://127.0.0.1:9/api/x', { method: 'POST', body: '' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it('hands a FormData body (a file upload) to fetch, which writes it as multipart', async () => {
    const form = new FormData();
    form.append('filename', 'audit.csv');
    form.append('file', new Blob(['seq,type\n1,key_issued\n']), 'audit.csv');
    const response = await nodeHttpFetch(`${url}/upload`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(String(received?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(received?.body).toContain('seq,type\n1,key_issued\n');
  });
});
