import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Subjects } from '@prst/contracts';
import { buildNatsConfig, permissionsOf } from './nats-config.js';

describe('permissionsOf', () => {
  it('lets only the prompt-executor publish the credential resolve request', () => {
    assert.ok(permissionsOf('prompt-executor').publish.includes(Subjects.vault.credentialResolve));
    assert.ok(!permissionsOf('gateway').publish.includes(Subjects.vault.credentialResolve));
    assert.ok(permissionsOf('credential-vault').subscribe.includes(Subjects.vault.credentialResolve));
  });

  it('lets only the vault publish the credential-changed event and the prompt-executor subscribe to it', () => {
    const subject = Subjects.vault.credentialChanged;
    assert.ok(permissionsOf('credential-vault').publish.includes(subject));
    assert.ok(permissionsOf('prompt-executor').subscribe.includes(subject));
    assert.ok(!permissionsOf('gateway').publish.includes(subject));
    assert.ok(!permissionsOf('gateway').subscribe.includes(subject));
    assert.ok(!permissionsOf('prompt-executor').publish.includes(subject));
  });

  it('gives every service only its own reply inbox', () => {
    assert.deepEqual(
      permissionsOf('feedback').subscribe.filter((subject) => subject.startsWith('_INBOX')),
      ['_INBOX_FEEDBACK.>'],
    );
  });

  it('grants no wildcard publish on the whole subject space', () => {
    for (const subject of permissionsOf('gateway').publish) assert.notEqual(subject, '>');
  });
});

describe('buildNatsConfig', () => {
  it('writes one user per service with allow_responses', () => {
    const passwords = { gateway: 'a', 'prompt-executor': 'b', 'credential-vault': 'c', feedback: 'd', 'audit-log': 'e', 'support-notifier': 'f' };
    const config = buildNatsConfig({ port: 4222, storeDir: '/tmp/js', passwords });
    assert.equal(config.match(/allow_responses: true/g)?.length, 6);
    assert.match(config, /user: "credential-vault"/);
  });
});
