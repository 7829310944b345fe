import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { KvBuckets, Streams } from '@prst/contracts';
import { ensureStream } from '@prst/messaging';
import { startNatsCluster, startTestDatabase, type RunningNatsCluster } from '@prst/local-infra';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectAs, publishAll, sampleEvent, startAuditKit, waitFor, type AuditKit } from './audit-test-kit.js';

const OWNED = [Streams.audit.name, Streams.auditDeadLetter.name, `KV_${KvBuckets.auditCheckpoints.name}`];

describe('audit-log on a three-server NATS cluster (JETSTREAM_REPLICAS=3)', () => {
  let dir: string;
  let cluster: RunningNatsCluster;
  let database: Awaited<ReturnType<typeof startTestDatabase>>;
  let kit: AuditKit;
  let owner: NatsConnection;
  let manager: JetStreamManager;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'prst-nats-cluster-'));
    chmodSync(dir, 0o755);
    cluster = await startNatsCluster({ dir: path.join(dir, 'nats'), size: 3 });
    database = await startTestDatabase('replicated-streams', dir);
    // The stream owner's own NATS user reads the stream state (the gateway's may not).
    owner = await connectAs({ nats: cluster, databaseUrl: database.url }, 'audit-log');
    // PRST_AUDIT as a single-server installation left it; the audit-log must replicate it at start.
    await waitFor(() => ensureStream(owner, Streams.audit, 1).then(() => true), 30_000, 'the JetStream meta leader');
    kit = await startAuditKit({ nats: cluster, databaseUrl: database.url }, { JETSTREAM_REPLICAS: '3' });
    manager = await jetstreamManager(owner);
  });
  after(async () => {
    await owner?.close();
    await kit?.close();
    await cluster?.stop();
    await database?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates its streams and the checkpoint bucket with three replicas, and replicates the existing PRST_AUDIT', async () => {
    for (const stream of OWNED) {
      const info = await manager.streams.info(stream);
      assert.equal(info.config.num_replicas, 3, stream);
      assert.equal(info.cluster?.replicas?.length, 2, `${stream}: a leader and two followers`);
    }
  });

  it('keeps storing audit events when the server leading PRST_AUDIT is killed', async () => {
    const leader = (await manager.streams.info(Streams.audit.name)).cluster!.leader!;
    const server = cluster.servers[Number(leader.replace(/^n/, ''))];
    await server.kill();
    // The two survivors elect a new stream leader (a few seconds); until then publishes are refused.
    await waitFor(async () => {
      const now = (await manager.streams.info(Streams.audit.name)).cluster?.leader;
      return now !== undefined && now !== leader;
    }, 30_000, 'a new PRST_AUDIT leader');
    const events = Array.from({ length: 50 }, (_, index) => sampleEvent(index));
    const acked = await publishAll(kit.js, events, 10);
    assert.equal(acked.length, events.length);
    await kit.waitForCount(events.length, 120_000);
    assert.equal((await kit.verify()).valid, true);
  });
});
