#!/usr/bin/env node
// What authentication adds to a request: latency of the gateway answering a public route (no auth),
// and GET /api/v1/auth/me (answered from the guard's cache, no query) with an API key and with a JWT.
// Usage: npm run build && node bench/auth-overhead.mjs [requests per case, default 3000] [concurrency, default 8]
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startTestSuite } = await import(path.join(root, 'libs/local-infra/dist/src/index.js'));
const { adminSession, createApiCredential } = await import(path.join(root, 'e2e/dist/src/index.js'));

const total = Number(process.argv[2] ?? 3000);
const concurrency = Number(process.argv[3] ?? 8);

async function measure(url, headers) {
  const latencies = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const started = process.hrtime.bigint();
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2);
  return { rps: Math.round(latencies.length / seconds), p50: at(0.5), p99: at(0.99) };
}

const env = await startTestSuite('bench-auth');
try {
  const token = await adminSession(env);
  const { key } = await createApiCredential(env, 'viewer');
  const cases = {
    'GET /healthz (public, no auth)': [`${env.gatewayUrl}/healthz`, {}],
    'GET /api/v1/auth/me with an API key': [`${env.gatewayUrl}/api/v1/auth/me`, { authorization: `Bearer ${key}` }],
    'GET /api/v1/auth/me with a JWT': [`${env.gatewayUrl}/api/v1/auth/me`, { authorization: `Bearer ${token}` }],
  };
  for (const [url, headers] of Object.values(cases)) await measure(url, headers); // warm-up
  console.log(`${total} requests per case, concurrency ${concurrency}`);
  console.log('| case | req/s | p50 ms | p99 ms |\n|---|---|---|---|');
  for (const [name, [url, headers]] of Object.entries(cases)) {
    const result = await measure(url, headers);
    console.log(`| ${name} | ${result.rps} | ${result.p50} | ${result.p99} |`);
  }
} finally {
  await env.stop();
}
