import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchWithProgress, throttleProgress } from './fetch-progress';

const payload = new Uint8Array(300_000).map((_, index) => index % 251);
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    switch (request.url) {
      case '/model.onnx':
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': payload.byteLength });
        // Several writes, so the body arrives in several chunks.
        for (let offset = 0; offset < payload.byteLength; offset += 65_536) response.write(payload.subarray(offset, offset + 65_536));
        response.end();
        return;
      case '/chunked.json':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"a":1}');
        return;
      case '/spa-fallback.json':
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<!doctype html><title>app</title>');
        return;
      case '/never.json':
        // Headers never come: a server that accepted the connection and went quiet.
        return;
      case '/stops.onnx':
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.write(payload.subarray(0, 1000));
        return;
      case '/broken.json':
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('boom');
        return;
      default:
        response.writeHead(404);
        response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetchWithProgress', () => {
  it('returns the exact bytes and reports rising progress up to the content length', async () => {
    const events: [number, number | null, boolean][] = [];
    const bytes = await fetchWithProgress(`${baseUrl}/model.onnx`, (loaded, total, done) => events.push([loaded, total, done]));
    expect(bytes).toEqual(payload);
    expect(events.length).toBeGreaterThan(2);
    expect(events.every(([, total]) => total === payload.byteLength)).toBe(true);
    const loadedValues = events.map(([loaded]) => loaded);
    expect(loadedValues).toEqual([...loadedValues].sort((a, b) => a - b));
    expect(events.at(-1)).toEqual([payload.byteLength, payload.byteLength, true]);
  });

  it('reports a null total when the server sends no length', async () => {
    const events: (number | null)[] = [];
    const bytes = await fetchWithProgress(`${baseUrl}/chunked.json`, (_, total) => events.push(total));
    expect(new TextDecoder().decode(bytes!)).toBe('{"a":1}');
    expect(events.every((total) => total === null)).toBe(true);
  });

  it('treats a 404 and an HTML page served for a JSON file as missing', async () => {
    await expect(fetchWithProgress(`${baseUrl}/nothing.json`, () => {})).resolves.toBeNull();
    await expect(fetchWithProgress(`${baseUrl}/spa-fallback.json`, () => {})).resolves.toBeNull();
  });

  it('names the URL and status of a server error', async () => {
    await expect(fetchWithProgress(`${baseUrl}/broken.json`, () => {})).rejects.toThrow(/broken\.json: expected HTTP 200, got 500/);
  });
});

describe('fetchWithProgress against a server that stops answering', () => {
  it('gives up on a server that never answers, naming the wait', async () => {
    await expect(fetchWithProgress(`${baseUrl}/never.json`, () => {}, 300)).rejects.toThrow(/never\.json: the server sent nothing for 0\.3 s; stopped waiting/);
  });

  it('gives up on a download that stops part-way', async () => {
    const seen: number[] = [];
    await expect(fetchWithProgress(`${baseUrl}/stops.onnx`, (loaded) => seen.push(loaded), 300)).rejects.toThrow(/stops\.onnx: the server sent nothing for 0\.3 s/);
    expect(seen).toContain(1000);
  });
});

describe('throttleProgress', () => {
  it('passes the first call, the final one, and one per interval between', () => {
    let clock = 0;
    const calls: [number, number | null, boolean][] = [];
    const progress = throttleProgress((loaded, total, done) => calls.push([loaded, total, done]), 100, () => clock);
    progress(0, 1000, false); // the start always passes
    for (let loaded = 10; loaded <= 900; loaded += 10) {
      clock += 5; // 90 chunks, 5 ms apart: 450 ms
      progress(loaded, 1000, false);
    }
    progress(1000, 1000, true);
    expect(calls[0]).toEqual([0, 1000, false]);
    expect(calls.at(-1)).toEqual([1000, 1000, true]);
    // one call per 100 ms after the start: at 100, 200, 300 and 400 ms
    expect(calls.slice(1, -1).map(([loaded]) => loaded)).toEqual([200, 400, 600, 800]);
  });
});
