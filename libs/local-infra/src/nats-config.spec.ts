import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Subjects } from '@prst/contracts';
import { buildNatsConfig, permissionsOf, supportsSyncInterval } from './nats-config.js';

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

  it('lets the audit-log, and no other service, use the checkpoint bucket and the dead-letter stream', () => {
    const audit = permissionsOf('audit-log');
    assert.ok(audit.publish.includes('$KV.PRST_AUDIT_CHECKPOINTS.>'));
    assert.ok(audit.publish.includes('$JS.API.STREAM.*.KV_PRST_AUDIT_CHECKPOINTS'));
    assert.ok(audit.publish.includes('prst.audit.event.dead.v1'));
    assert.ok(audit.subscribe.includes('$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.PRST_AUDIT.*'));
    for (const app of ['gateway', 'credential-vault'] as const) {
      assert.ok(!permissionsOf(app).publish.some((subject) => subject.includes('PRST_AUDIT_CHECKPOINTS')), app);
      assert.ok(!permissionsOf(app).publish.includes('prst.audit.event.dead.v1'), app);
    }
  });

  it('lets only the gateway call the audit query subjects', () => {
    assert.ok(permissionsOf('gateway').publish.includes(Subjects.audit.chainVerify));
    assert.ok(!permissionsOf('prompt-executor').publish.includes(Subjects.audit.chainVerify));
    assert.ok(permissionsOf('audit-log').subscribe.includes(Subjects.audit.recordList));
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

  it('asks JetStream to sync every write only where nats-server understands it (2.10 and later)', () => {
    const passwords = { gateway: 'a', 'prompt-executor': 'b', 'credential-vault': 'c', feedback: 'd', 'audit-log': 'e', 'support-notifier': 'f' };
    const build = (serverVersion: string) => buildNatsConfig({ port: 4222, storeDir: '/tmp/js', passwords, serverVersion });
    assert.doesNotMatch(build('nats-server: v2.9.10'), /sync_interval/);
    assert.match(build('nats-server: v2.10.0'), /sync_interval: always/);
    assert.match(build('nats-server: v2.11.4'), /sync_interval: always/);
    assert.equal(supportsSyncInterval('v3.0.1'), true);
    assert.equal(supportsSyncInterval(undefined), false);
  });
});
