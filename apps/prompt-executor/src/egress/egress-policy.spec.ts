import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EgressPolicy, EgressRefusedError, isInternalAddress } from './egress-policy.js';

const resolver = (answers: Record<string, string[]>) => async (host: string) =>
  (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('isInternalAddress', () => {
  it('treats loopback, private, link-local and mapped addresses as internal', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '0.0.0.0', '100.64.0.1']) {
      assert.equal(isInternalAddress(address), true, address);
    }
  });

  it('treats public addresses as external', () => {
    for (const address of ['8.8.8.8', '104.18.6.192', '2606:4700::6810:1']) assert.equal(isInternalAddress(address), false, address);
  });
});

describe('EgressPolicy', () => {
  describe('resolve', () => {
    it('refuses a host that is not listed', async () => {
      const policy = new EgressPolicy(['api.openai.com'], resolver({}));
      await assert.rejects(policy.resolve('evil.example', 443), EgressRefusedError);
    });

    it('refuses the metadata address even when every host is allowed', async () => {
      const policy = new EgressPolicy(['*'], resolver({}));
      await assert.rejects(policy.resolve('169.254.169.254', 80), /not in PROVIDER_ALLOWED_HOSTS/);
    });

    it('refuses a wildcard-matched name that resolves to an internal address', async () => {
      const policy = new EgressPolicy(['*'], resolver({ 'nats.internal.example': ['10.0.0.7'] }));
      await assert.rejects(policy.resolve('nats.internal.example', 4222), /internal address 10\.0\.0\.7/);
    });

    it('allows an exactly listed loopback host only on its listed port', async () => {
      const policy = new EgressPolicy(['127.0.0.1:8080'], resolver({}));
      assert.deepEqual(await policy.resolve('127.0.0.1', 8080), { address: '127.0.0.1', family: 4 });
      await assert.rejects(policy.resolve('127.0.0.1', 4222), EgressRefusedError);
    });

    it('allows a subdomain wildcard with a public address and returns the checked address', async () => {
      const policy = new EgressPolicy(['*.openai.azure.com'], resolver({ 'acme.openai.azure.com': ['20.1.2.3'] }));
      assert.deepEqual(await policy.resolve('acme.openai.azure.com', 443), { address: '20.1.2.3', family: 4 });
      await assert.rejects(policy.resolve('openai.azure.com.evil.example', 443), EgressRefusedError);
    });

    it('refuses when any resolved address of a non-exact host is internal', async () => {
      const policy = new EgressPolicy(['*'], resolver({ 'mixed.example': ['8.8.8.8', '127.0.0.1'] }));
      await assert.rejects(policy.resolve('mixed.example', 443), EgressRefusedError);
    });
  });

  describe('checkUrl', () => {
    it('refuses other schemes and embedded passwords', async () => {
      const policy = new EgressPolicy(['*'], resolver({ 'a.example': ['8.8.8.8'] }));
      await assert.rejects(policy.checkUrl('file:///etc/passwd'), /not allowed/);
      await assert.rejects(policy.checkUrl('https://u:p@a.example/'), /user:password/);
      await policy.checkUrl('https://a.example/v1');
    });
  });
});
