import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpFailure, readableErrorText, requestJson, urlWithQuery } from './http-json.js';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = null;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as HttpFailure);

describe('requestJson', () => {
  it('sends the method, query, headers and JSON body, and parses the JSON answer', async () => {
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.setHeader('content-type', 'application/json').end(JSON.stringify({ method: req.method, url: req.url, token: req.headers.api_access_token, type: req.headers['content-type'], body })));
    });
    const got = await requestJson(`${url}/x`, { method: 'POST', query: { a: 1, b: undefined, c: 'é&' }, headers: { api_access_token: 't' }, body: { k: [1] }, timeoutMs: 2000 });
    expect(got).toEqual({ method: 'POST', url: '/x?a=1&c=%C3%A9%26', token: 't', type: 'application/json', body: '{"k":[1]}' });
  });

  it('a non-2xx answer throws HttpFailure with the status, Retry-After and the body', async () => {
    const url = await serve((_req, res) => res.writeHead(429, { 'retry-after': '3', 'content-type': 'application/json' }).end('{"error":"slow down"}'));
    const e = await failure(requestJson(url, { timeoutMs: 2000 }));
    expect(e).toBeInstanceOf(HttpFailure);
    expect([e!.status, e!.retryAfter, e!.data, e!.code]).toEqual([429, '3', { error: 'slow down' }, undefined]);
  });

  it('a body that is not JSON comes back as text; no answer in time is ECONNABORTED; a closed port ECONNREFUSED', async () => {
    const url = await serve((req, res) => (req.url === '/slow' ? undefined : res.writeHead(502).end('<html>bad gateway</html>')));
    expect((await failure(requestJson(url, { timeoutMs: 2000 })))!.data).toBe('<html>bad gateway</html>');
    const slow = await failure(requestJson(`${url}/slow`, { timeoutMs: 100 }));
    expect([slow!.status, slow!.code]).toEqual([null, 'ECONNABORTED']);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const refused = await failure(requestJson(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 }));
    expect([refused!.status, refused!.code]).toEqual([null, 'ECONNREFUSED']);
  });

  it('urlWithQuery appends to an existing query and leaves a URL without parameters alone', () => {
    expect(urlWithQuery('http://h/p?x=1', { y: true })).toBe('http://h/p?x=1&y=true');
    expect(urlWithQuery('http://h/p', {})).toBe('http://h/p');
  });
});

describe('readableErrorText', () => {
  it('an HTML error page becomes its title, else its text without scripts and markup', () => {
    expect(readableErrorText('<!DOCTYPE html><html><head><TITLE>502 Bad Gateway</TITLE></head><body>x</body></html>')).toBe('502 Bad Gateway (an HTML page instead of JSON)');
    expect(readableErrorText('<html><body><h1 class="e">Service &amp; more</h1></body></html>')).toBe('Service & more (an HTML page instead of JSON)');
    expect(readableErrorText('<html><body><script>var a = "<b>";</script><STYLE>p{}</STYLE><p>Down for  maintenance</p></body></html>')).toBe(
      'Down for maintenance (an HTML page instead of JSON)',
    );
    expect(readableErrorText('  plain\n text  ', 200)).toBe('plain text');
  });

  it('works on 1 MB of markup that never closes (it reads only the first 64 KiB, with linear patterns)', () => {
    const mb = 1024 * 1024;
    for (const body of ['<html>' + '<'.repeat(mb), '<html><title x' + '<title x'.repeat(mb / 8), '<html><p>' + '<script>'.repeat(mb / 8), '<html><h1>' + 'a<b '.repeat(mb / 4)]) {
      const text = readableErrorText(body, 120);
      expect(text).toMatch(/\(an HTML page instead of JSON\)$/);
      expect(text.length).toBeLessThanOrEqual(160);
    }
    expect(readableErrorText('x'.repeat(mb), 50)).toBe('x'.repeat(90));
  });
});
