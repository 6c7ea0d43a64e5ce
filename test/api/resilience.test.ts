/**
 * The API under faults: Neo4j going away and coming back (through a real TCP proxy in front
 * of the test server, so the outage is a real dropped connection), load shedding, and a
 * graceful shutdown that lets an in-flight request finish.
 */
import { request as httpRequest } from 'node:http';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Driver } from 'neo4j-driver';
import request from 'supertest';
import { pino } from 'pino';
import { defaultApiConfig } from '../../src/api/context.js';
import { startServer } from '../../src/api/server.js';
import { connectStore } from '../../src/service/store.js';
import { readSettings } from '../../src/settings.js';
import { importCatalogue } from '../../src/store/index.js';
import { testApi } from '../support/api.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const SEED = seedInput();
const PLAN = {
  holdings: [],
  target: { qualification: 'smtu:cert-data-analytics' },
  asOf: '2026-11-23',
};

let driver: Driver;

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  await importCatalogue(driver, SEED);
});

afterAll(async () => {
  await driver.close();
});

/** A TCP proxy to the test Neo4j that can be cut (every connection dropped) and restored. */
class BoltProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly upstream: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.upstream.port, this.upstream.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) =>
      this.server!.close(() => {
        resolve();
      }),
    );
  }
}

describe('Neo4j outage', () => {
  test('requests get 503 while Neo4j is unreachable and succeed again once it is back, without a restart', async () => {
    const target = new URL(process.env.NEO4J_URI!);
    const proxy = new BoltProxy({ host: target.hostname, port: Number(target.port) });
    await proxy.open();
    const api = await testApi({}, { ...process.env, NEO4J_URI: `bolt://127.0.0.1:${proxy.port}` });
    try {
      await request(api.app).get('/readyz').expect(200);
      await request(api.app).post('/v1/plans').send(PLAN).expect(200);

      await proxy.cut();
      // The catalogue version is rechecked at most once a second; after that, the outage shows.
      await new Promise((r) => setTimeout(r, 1100));
      const down = await request(api.app).post('/v1/plans').send(PLAN);
      expect(down.status).toBe(503);
      expect(down.headers['content-type']).toMatch(/problem\+json/);
      expect(down.headers['retry-after']).toBeDefined();
      expect((down.body as { type: string }).type).toMatch(/database-unavailable$/);
      expect((await request(api.app).get('/readyz')).status).toBe(503);
      await request(api.app).get('/healthz').expect(200); // alive, just not ready

      await proxy.open(); // same port
      await request(api.app).get('/readyz').expect(200);
      await request(api.app).post('/v1/plans').send(PLAN).expect(200);
    } finally {
      await api.close();
      await proxy.cut().catch(() => undefined);
    }
  });

  test('an API started while Neo4j is down reports not ready instead of failing to start', async () => {
    const proxy = new BoltProxy({ host: '127.0.0.1', port: 1 });
    await proxy.open();
    await proxy.cut(); // a port with nothing listening
    const api = await testApi({}, { ...process.env, NEO4J_URI: `bolt://127.0.0.1:${proxy.port}` });
    try {
      expect((await request(api.app).get('/readyz')).status).toBe(503);
      expect((await request(api.app).get('/v1/providers')).status).toBe(503);
    } finally {
      await api.close();
    }
  });
});

/** Sends the headers and half of a JSON body, leaving the request in flight until `finish`. */
function halfSentPlan(url: string) {
  const body = JSON.stringify(PLAN);
  const { hostname, port } = new URL(url);
  let pending: () => void = () => undefined;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        hostname,
        port,
        path: '/v1/plans',
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text });
        });
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10));
    pending = () => req.end(body.slice(10));
  });
  return {
    response,
    finish: () => {
      pending();
    },
  };
}

describe('server lifecycle', () => {
  test('graceful shutdown finishes the in-flight request, then refuses new connections', async () => {
    const store = await connectStore(readSettings());
    const running = await startServer(
      store,
      defaultApiConfig({ anonymousRoles: ['read', 'plan'], maxEventLoopLagMs: 0 }),
      {
        host: '127.0.0.1',
        port: 0,
        log: pino({ level: 'silent' }),
      },
    );
    try {
      const inFlight = halfSentPlan(running.url);
      await new Promise((r) => setTimeout(r, 200));
      const closed = running.shutdown(10_000);
      await new Promise((r) => setTimeout(r, 200));
      inFlight.finish();
      const res = await inFlight.response;
      expect(res.status).toBe(200);
      expect((JSON.parse(res.body) as { status: string }).status).toBe('planned');
      await closed;
      await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    } finally {
      await store.close();
    }
  });

  test('beyond the in-flight limit new requests are shed with 503 and Retry-After, and the server stays up', async () => {
    const store = await connectStore(readSettings());
    const running = await startServer(
      store,
      defaultApiConfig({ anonymousRoles: ['read', 'plan'], maxInFlight: 1, maxEventLoopLagMs: 0 }),
      { host: '127.0.0.1', port: 0, log: pino({ level: 'silent' }) },
    );
    try {
      const held = halfSentPlan(running.url);
      await new Promise((r) => setTimeout(r, 200));
      const shed = await fetch(`${running.url}/v1/providers`);
      expect(shed.status).toBe(503);
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(((await shed.json()) as { type: string }).type).toMatch(/overloaded$/);
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200); // liveness is never shed
      held.finish();
      expect((await held.response).status).toBe(200);
      expect((await fetch(`${running.url}/v1/providers`)).status).toBe(200);
    } finally {
      await running.shutdown(1000);
      await store.close();
    }
  });

  test('while the event loop is late all the time new requests are shed with 503, and served again once it catches up', async () => {
    const store = await connectStore(readSettings());
    const running = await startServer(
      store,
      defaultApiConfig({ anonymousRoles: ['read', 'plan'], maxEventLoopLagMs: 50 }),
      { host: '127.0.0.1', port: 0, log: pino({ level: 'silent' }) },
    );
    const providers = () => fetch(`${running.url}/v1/providers`);
    try {
      expect((await providers()).status).toBe(200);
      // Work queued faster than it is done: 150 ms of synchronous work on every turn of the
      // loop for 3.5 s (requests are still answered between turns). The median delay is taken
      // over whole seconds, so the request goes once a second has passed entirely late.
      const until = Date.now() + 3500;
      const busy = new Promise<void>((resolve) => {
        const turn = () => {
          const end = Date.now() + 150;
          while (Date.now() < end);
          if (Date.now() < until) setImmediate(turn);
          else resolve();
        };
        setImmediate(turn);
      });
      await new Promise((r) => setTimeout(r, 2400));
      const shed = await providers();
      await busy;
      expect(shed.status).toBe(503);
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(((await shed.json()) as { type: string }).type).toMatch(/overloaded$/);
      // A second on time and the server answers again, without a restart.
      await new Promise((r) => setTimeout(r, 2100));
      expect((await providers()).status).toBe(200);
    } finally {
      await running.shutdown(1000);
      await store.close();
    }
  });
});
