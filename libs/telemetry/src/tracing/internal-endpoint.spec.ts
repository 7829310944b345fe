import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertInternalEndpoint, isInternalAddress } from './internal-endpoint.js';

describe('isInternalAddress', () => {
  it('accepts loopback and private ranges', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.1', '::1', 'fd00::1']) {
      assert.ok(isInternalAddress(address), address);
    }
  });

  it('refuses public and link-local (cloud metadata) addresses', () => {
    for (const address of ['8.8.8.8', '169.254.169.254', '172.32.0.1', '2001:4860::8888']) {
      assert.ok(!isInternalAddress(address), address);
    }
  });
});

describe('assertInternalEndpoint', () => {
  it('accepts a loopback collector and an in-cluster service name', async () => {
    await assertInternalEndpoint('http://127.0.0.1:4318', 'X');
    await assertInternalEndpoint('http://otel-collector.monitoring.svc.cluster.local:4318', 'X');
  });

  it('refuses a public address with a message naming the variable', async () => {
    await assert.rejects(assertInternalEndpoint('https://8.8.8.8:4318', 'OTEL_EXPORTER_OTLP_ENDPOINT'), /OTEL_EXPORTER_OTLP_ENDPOINT points at 8\.8\.8\.8/);
  });
});
