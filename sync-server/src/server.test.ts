// listen() and close(): in-flight requests finish during a graceful close; idle keep-alive sockets do not hold it open.
import { request, Agent } from 'node:http';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { listen, PortInUseError } from './server.ts';

function get(port: number, path: string, agent?: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('listen / close', () => {
  it('lets an in-flight request finish while closing, and refuses new connections after', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const inFlight = new Promise<void>((r) => (arrived = r));
    const app = new Hono();
    app.get('/slow', async (c) => {
      arrived();
      await released;
      return c.text('finished');
    });
    const server = await listen(app.fetch, { port: 0, host: '127.0.0.1' });
    const pending = get(server.port, '/slow');
    await inFlight;
    const closed = server.close(60_000);
    await expect(get(server.port, '/slow')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    release();
    expect(await pending).toEqual({ status: 200, body: 'finished' });
    await closed;
  });

  it('does not wait for idle keep-alive connections', async () => {
    const app = new Hono();
    app.get('/', (c) => c.text('hi'));
    const server = await listen(app.fetch, { port: 0, host: '127.0.0.1' });
    const agent = new Agent({ keepAlive: true });
    expect((await get(server.port, '/', agent)).status).toBe(200);
    // With the socket still pooled by the agent, close must still resolve (the grace period is far away).
    await server.close(600_000);
    agent.destroy();
  });

  it('reports a taken port as PortInUseError', async () => {
    const app = new Hono();
    const first = await listen(app.fetch, { port: 0, host: '127.0.0.1' });
    await expect(listen(app.fetch, { port: first.port, host: '127.0.0.1' })).rejects.toBeInstanceOf(PortInUseError);
    await first.close(100);
  });
});
