import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Subjects, inboxPrefixOf, type AppName } from '@prst/contracts';
import { startNats, type RunningNats } from '../src/index.js';

/** Publishes as `app` and resolves with the server's verdict on that publish. */
async function publishAs(nats: RunningNats, app: AppName, subject: string): Promise<'allowed' | 'denied'> {
  const connection: NatsConnection = await connect({
    servers: nats.url,
    user: app,
    pass: nats.passwords[app],
    inboxPrefix: inboxPrefixOf(app),
  });
  try {
    const verdict = (async () => {
      for await (const status of connection.status()) {
        if (status.type === 'error' && /permission/i.test(String(status.error))) return 'denied' as const;
      }
      return 'allowed' as const;
    })();
    connection.publish(subject, 'probe');
    // A permission violation comes back asynchronously; a flush round trip makes sure it has arrived.
    await connection.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await connection.close();
    return await verdict;
  } finally {
    if (!connection.isClosed()) await connection.close();
  }
}

describe('NATS per-service permissions', () => {
  let dir: string;
  let nats: RunningNats;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'prst-nats-perm-'));
    nats = await startNats({ dir });
  });
  after(async () => {
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses the gateway's user on the credential resolve subject", async () => {
    assert.equal(await publishAs(nats, 'gateway', Subjects.vault.credentialResolve), 'denied');
  });

  it("allows the prompt-executor's user on the credential resolve subject", async () => {
    assert.equal(await publishAs(nats, 'prompt-executor', Subjects.vault.credentialResolve), 'allowed');
  });

  it('refuses a wrong password', async () => {
    await assert.rejects(connect({ servers: nats.url, user: 'gateway', pass: 'wrong' }));
  });

  it("refuses a service subscribing to another service's reply inbox", async () => {
    const connection = await connect({ servers: nats.url, user: 'feedback', pass: nats.passwords.feedback });
    const denied = (async () => {
      for await (const status of connection.status()) {
        if (status.type === 'error' && /permission/i.test(String(status.error))) return true;
      }
      return false;
    })();
    connection.subscribe(`${inboxPrefixOf('gateway')}.>`);
    await connection.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await connection.close();
    assert.equal(await denied, true);
  });
});
