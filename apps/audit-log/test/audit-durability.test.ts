import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { PrstError, Streams } from '@prst/contracts';
import { AuditPublisher } from '@prst/messaging';
import { spawnService, startTestInfra, type TestInfra } from '@prst/local-infra';
import { connectAs, context, publishAll, sampleEvent, startAuditKit, waitFor, type AuditKit } from './audit-test-kit.js';

const SUBJECT = Streams.audit.subjects[0];

describe('audit ingestion: crashes, restarts, duplicates, dead letters', () => {
  let infra: TestInfra;
  let kit: AuditKit;

  before(async () => {
    infra = await startTestInfra('audit-durability');
    // A short ack wait so that events held by a killed process come back quickly.
    kit = await startAuditKit(infra, { AUDIT_ACK_WAIT_MS: '2000', AUDIT_MAX_DELIVER: '3', AUDIT_CHECKPOINT_INTERVAL_MS: '1500' });
  });

  after(async () => {
    await kit?.close();
    await infra?.stop();
  });

  async function storedIds(): Promise<string[]> {
    const { rows } = await kit.db.query<{ event_id: string }>('SELECT event_id FROM audit.audit_records');
    return rows.map((row) => row.event_id);
  }

  it('stores every event exactly once when audit-log replicas are killed while 5,000 are published', async () => {
    const before = await kit.count();
    // Two replicas share the durable consumer, so their appends race for the chain lock.
    const replica = spawnService('audit-log', kit.env);
    const events = Array.from({ length: 5000 }, (_, index) => sampleEvent(index));
    const acked: string[] = [];
    for (let start = 0; start < events.length; start += 250) {
      acked.push(...(await publishAll(kit.js, events.slice(start, start + 250))));
      if (acked.length === 1500) await kit.service.kill();
      if (acked.length === 3000) await replica.kill();
    }
    await replica.kill();
    assert.equal(acked.length, 5000);
    assert.ok((await kit.count()) < before + 5000, 'events kept arriving while no replica ran');
    kit.start();
    await kit.waitForCount(before + 5000, 90_000);
    const ids = await storedIds();
    assert.equal(new Set(ids).size, ids.length, 'no event is stored twice');
    const stored = new Set(ids);
    assert.ok(events.every((event) => stored.has(event.id)), 'every published event is stored');
    const verdict = await kit.verify();
    assert.deepEqual([verdict.valid, verdict.entries, verdict.firstInvalidSeq], [true, before + 5000, null]);
  });

  it('stores an event published twice (a retry past the de-duplication window) once', async () => {
    const event = sampleEvent(1);
    const count = await kit.count();
    await kit.js.publish(SUBJECT, JSON.stringify(event), { msgID: `${event.id}-first` });
    await kit.js.publish(SUBJECT, JSON.stringify(event), { msgID: `${event.id}-retry` });
    const marker = sampleEvent(2);
    await kit.js.publish(SUBJECT, JSON.stringify(marker), { msgID: marker.id });
    await kit.waitForCount(count + 2);
    const { rows } = await kit.db.query('SELECT count(*) AS n FROM audit.audit_records WHERE event_id = $1', [event.id]);
    assert.equal(rows[0].n, '1');
    assert.equal(await kit.count(), count + 2);
  });

  it('signs a checkpoint on the timer when fewer records than AUDIT_CHECKPOINT_EVERY arrived', async () => {
    const head = await kit.count();
    assert.notEqual(head % 1000, 0, 'the head is not on a count boundary');
    await waitFor(async () => (await kit.verify()).checkpoint.seq === head, 15_000, `a checkpoint at seq ${head}`);
    assert.equal((await kit.verify()).checkpoint.valid, true);
  });

  it('loses no acknowledged event when nats-server is killed and restarted mid-stream', async () => {
    const count = await kit.count();
    const events = Array.from({ length: 3000 }, (_, index) => sampleEvent(index));
    const js = jetstream(kit.gateway, { timeout: 1500 });
    const acked: string[] = [];
    let failed = 0;
    let killedAt = -1;
    for (let start = 0; start < events.length; start += 100) {
      await Promise.all(
        events.slice(start, start + 100).map((event) =>
          js.publish(SUBJECT, JSON.stringify(event), { msgID: event.id }).then(
            () => acked.push(event.id),
            () => (failed += 1),
          ),
        ),
      );
      if (killedAt < 0 && acked.length >= 1000) {
        killedAt = acked.length;
        await infra.nats.kill();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await infra.nats.restart();
      }
    }
    console.log(`# nats killed after ${killedAt} acks; ${acked.length} acknowledged, ${failed} refused`);
    assert.ok(acked.length > killedAt, 'publishing went on after the restart');
    await waitFor(async () => {
      const stored = new Set(await storedIds());
      return acked.every((id) => stored.has(id));
    }, 90_000, 'every acknowledged event to be stored');
    const ids = await storedIds();
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.length >= count + acked.length);
    assert.equal((await kit.verify()).valid, true);
  });

  it('moves an event it cannot store to the dead-letter stream and goes on', async () => {
    const count = await kit.count();
    await kit.js.publish(SUBJECT, '{"this is": "not an audit event"}', { msgID: randomUUID() });
    const next = sampleEvent(3);
    await kit.js.publish(SUBJECT, JSON.stringify(next), { msgID: next.id });
    await kit.waitForCount(count + 1);
    const owner = await connectAs(infra, 'audit-log');
    try {
      const manager = await jetstreamManager(owner);
      await waitFor(async () => (await manager.streams.info(Streams.auditDeadLetter.name)).state.messages === 1, 10_000, 'the dead letter');
      const dead = await manager.streams.getMessage(Streams.auditDeadLetter.name, { seq: 1 });
      assert.match(dead!.header.get('x-prst-dead-letter-reason'), /invalid audit event/);
      assert.equal(dead!.json<Record<string, string>>()['this is'], 'not an audit event');
    } finally {
      await owner.close();
    }
  });

  it('dead-letters an event the database keeps refusing after AUDIT_MAX_DELIVER deliveries, storing its batch mates', async () => {
    // A poison event at the database level: a trigger (planted as a superuser) refuses its action.
    await kit.db.query(`CREATE FUNCTION audit.refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'poison.test' THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW; END $$`);
    await kit.db.query('CREATE TRIGGER refuse_poison BEFORE INSERT ON audit.audit_records FOR EACH ROW EXECUTE FUNCTION audit.refuse_poison()');
    const owner = await connectAs(infra, 'audit-log');
    try {
      const manager = await jetstreamManager(owner);
      const deadBefore = (await manager.streams.info(Streams.auditDeadLetter.name)).state.messages;
      const count = await kit.count();
      const poison = sampleEvent(5, { action: 'poison.test' });
      const mates = [sampleEvent(6), sampleEvent(7)];
      await publishAll(kit.js, [mates[0], poison, mates[1]]);
      await kit.waitForCount(count + 2);
      await waitFor(
        async () => (await manager.streams.info(Streams.auditDeadLetter.name)).state.messages === deadBefore + 1,
        30_000,
        'the poison event in the dead-letter stream',
      );
      const info = await manager.streams.info(Streams.auditDeadLetter.name);
      const dead = await manager.streams.getMessage(Streams.auditDeadLetter.name, { seq: info.state.last_seq });
      assert.equal(dead!.json<{ id: string }>().id, poison.id);
      assert.match(dead!.header.get('x-prst-dead-letter-reason'), /not stored after 3 deliveries: .*poisoned/);
      assert.equal(await kit.count(), count + 2);
      assert.equal((await kit.verify()).valid, true);
    } finally {
      await kit.db.query('DROP TRIGGER refuse_poison ON audit.audit_records');
      await owner.close();
    }
  });

  it('keeps planted secrets in strings, Buffers and base64 out of the audit table', async () => {
    const secrets = ['sk-live-4f9b2c7d1e8a6b3c', 'hunter2-correct-horse', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl'];
    const vault = await connectAs(infra, 'credential-vault');
    const publisher = new AuditPublisher(vault, 'credential-vault');
    const planted = {
      message: `provider said: invalid key ${secrets[0]}`,
      header: `Authorization: Bearer ${secrets[2]}`,
      login: `password=${secrets[1]}`,
      buffer: Buffer.from(`token: ${secrets[0]}`),
      bytes: new Uint8Array(Buffer.from(`password=${secrets[1]}`)),
      base64: Buffer.from(`api_key=${secrets[0]}`).toString('base64'),
      base64url: Buffer.from(`curl -H "Authorization: Bearer ${secrets[2]}"`).toString('base64url'),
      apiKey: secrets[1],
      nested: { list: [{ secret: secrets[1] }, Buffer.from(`Bearer ${secrets[2]}`).toString('hex')] },
    };
    const count = await kit.count();
    await publisher.publish({ action: 'credential.created', outcome: 'success', resource: { type: 'credential', id: 'c-1' }, details: planted }, context);
    // A producer that skips the publisher's redaction: the audit-log redacts on the way in as well.
    const raw = sampleEvent(4, { details: { ...planted, buffer: JSON.parse(JSON.stringify(planted.buffer)) } });
    await kit.js.publish(SUBJECT, JSON.stringify(raw), { msgID: raw.id });
    await kit.waitForCount(count + 2);
    await vault.close();

    const { rows } = await kit.db.query<{ row: string }>('SELECT t::text AS row FROM audit.audit_records t ORDER BY seq DESC LIMIT 2');
    assert.equal(rows.length, 2);
    const table = rows.map((row) => row.row).join('\n');
    assert.match(table, /credential\.created/);
    assert.ok((table.match(/\[REDACTED\]/g) ?? []).length >= 16, 'each planted secret was masked, not dropped');
    for (const secret of secrets) {
      for (const form of [secret, Buffer.from(secret).toString('base64').slice(0, 16), Buffer.from(secret).toString('hex')]) {
        assert.ok(!table.includes(form), `found ${form.slice(0, 6)}… in the audit table`);
      }
    }
    for (const encoded of [planted.base64, planted.base64url]) assert.ok(!table.includes(encoded.slice(0, 16)));
  });

  it('refuses with 503 AUDIT_UNAVAILABLE, before anything is done, when the audit stream is unavailable', async () => {
    const vault = await connectAs(infra, 'credential-vault');
    const owner = await connectAs(infra, 'audit-log');
    const publisher = new AuditPublisher(vault, 'credential-vault');
    let created = 0;
    // The shape of every fail-closed operation: publish first, act only once the event is durable.
    const createCredential = async () => {
      await publisher.publish({ action: 'credential.created', outcome: 'success', resource: { type: 'credential' } }, context);
      created += 1;
    };
    try {
      await kit.service.stop();
      await (await jetstreamManager(owner)).streams.delete(Streams.audit.name);
      await assert.rejects(createCredential(), (error: unknown) => {
        assert.ok(error instanceof PrstError);
        assert.deepEqual([error.name, error.serverCode, error.code], ['AUDIT_UNAVAILABLE', 503, 'PRST-SYS-ERR-00003']);
        return true;
      });
      assert.equal(created, 0);
    } finally {
      await vault.close();
      await owner.close();
    }
  });
});
