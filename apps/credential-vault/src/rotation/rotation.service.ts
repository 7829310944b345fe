import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PrstError, type CallerContext, type EncryptionStatus, type KeyVersionStatus } from '@prst/contracts';
import { rewrapCredential } from '@prst/crypto';
import { AuditPublisher } from '@prst/messaging';
import { VAULT_ENV, type CredentialVaultEnv } from '../config/credential-vault-env.js';
import { CredentialEvents } from '../events/credential-events.js';
import { KeyringService } from '../keys/keyring.service.js';
import { KeysRepository } from '../keys/keys.repository.js';
import { RotationRepository } from './rotation.repository.js';

/** A worker whose heartbeat is older than this is presumed dead (killed, or its host lost). */
const HEARTBEAT_TIMEOUT_MS = 30_000;

/**
 * Online key rotation: re-wraps every record that is not on the current key version, in batches of
 * VAULT_ROTATION_BATCH_SIZE, each its own transaction. Progress lives in the records themselves
 * (their key version), so a killed process loses at most one uncommitted batch; a vault that starts
 * while a rotation is marked running resumes it. Reads and writes go on meanwhile: readers hold
 * both keys, writers seal under the current one.
 */
@Injectable()
export class RotationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RotationService');
  private readonly worker = `${os.hostname()}:${process.pid}`;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly repository: RotationRepository,
    private readonly keysRepository: KeysRepository,
    private readonly keys: KeyringService,
    private readonly audit: AuditPublisher,
    private readonly events: CredentialEvents,
    @Inject(VAULT_ENV) private readonly env: CredentialVaultEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const state = await this.repository.state();
    if (state?.state === 'running' && Number(state.target_version) === this.keys.keyring.currentVersion) {
      this.logger.log(`resuming the key rotation to key version ${state.target_version}`);
      await this.repository.claim(this.worker);
      this.launch(Number(state.target_version), systemContext());
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Starts (or joins) a rotation to the current key version and answers the status at once. */
  async start(context: CallerContext): Promise<EncryptionStatus> {
    const keyring = this.keys.keyring;
    const target = keyring.currentVersion;
    const newest = await this.repository.newestVersion();
    if (newest > target) {
      throw new PrstError(
        'ENCRYPTION_KEY_UNAVAILABLE',
        `This vault process seals with key version ${target}, but key version ${newest} exists: another vault runs with a newer ENCRYPTION_SECRET. Give every vault the same secrets first.`,
      );
    }
    const counts = await this.keysRepository.recordsByVersion();
    const unloaded = [...counts].filter(([version, count]) => count > 0 && !keyring.has(version)).map(([version]) => version);
    if (unloaded.length) {
      throw new PrstError(
        'ENCRYPTION_KEY_UNAVAILABLE',
        `Credentials on key version ${unloaded.join(', ')} cannot be re-wrapped: set ENCRYPTION_SECRET_PREVIOUS to the secret that encrypted them.`,
      );
    }
    const stale = [...counts].filter(([version]) => version !== target).reduce((sum, [, count]) => sum + count, 0);
    if (stale > 0) {
      await this.repository.begin(target, this.worker, () =>
        this.audit.publish(
          {
            action: 'encryption.rotation.started',
            outcome: 'success',
            resource: { type: 'encryption-key', id: String(target) },
            details: { targetKeyVersion: target, records: stale },
          },
          context,
        ),
      );
      this.launch(target, context);
    } else {
      await this.repository.complete(target);
    }
    return this.status();
  }

  async status(): Promise<EncryptionStatus> {
    const keyring = this.keys.keyring;
    const [versions, counts, state] = await Promise.all([
      this.keysRepository.versions(),
      this.keysRepository.recordsByVersion(),
      this.repository.state(),
    ]);
    const current = keyring.currentVersion;
    const remaining = [...counts].filter(([version]) => version !== current).reduce((sum, [, count]) => sum + count, 0);
    const keyVersions: KeyVersionStatus[] = versions.map((row) => ({
      version: row.version,
      kdf: row.kdf,
      current: row.version === current,
      loaded: keyring.has(row.version),
      records: counts.get(row.version) ?? 0,
      createdAt: row.createdAt.toISOString(),
    }));
    const alive = !!state?.worker && !!state.heartbeat_at && Date.now() - state.heartbeat_at.getTime() < HEARTBEAT_TIMEOUT_MS;
    const rotationState = state?.state ?? 'idle';
    const previousLoaded = keyring.versions.length > 1;
    let message: string;
    if (remaining === 0) {
      message = `Every credential uses key version ${current}.` +
        (previousLoaded ? ' No record is left on the previous key: ENCRYPTION_SECRET_PREVIOUS can be removed.' : '');
    } else if (state?.state === 'running' && alive) {
      message = `Rotating to key version ${current}: ${remaining} credential(s) left. Keep ENCRYPTION_SECRET_PREVIOUS until the rotation completes.`;
    } else if (state?.state === 'running') {
      message = `A rotation to key version ${current} is unfinished and no vault is working on it (${remaining} credential(s) left); it resumes when a vault starts, or request it again.`;
    } else {
      message = `${remaining} credential(s) still use an older key: start a rotation and keep ENCRYPTION_SECRET_PREVIOUS until it completes.`;
    }
    return {
      currentKeyVersion: current,
      recordsByKeyVersion: Object.fromEntries([...counts].sort(([a], [b]) => a - b).map(([version, count]) => [String(version), count])),
      keyVersions,
      rotation: {
        state: rotationState,
        targetKeyVersion: state ? Number(state.target_version) : null,
        rotated: state ? Number(state.rotated) : 0,
        remaining,
        startedAt: state?.started_at.toISOString() ?? null,
        finishedAt: state?.finished_at?.toISOString() ?? null,
        worker: alive ? state!.worker : null,
      },
      previousSecretRequired: remaining > 0,
      previousSecretCanBeRemoved: remaining === 0,
      message,
    };
  }

  private launch(target: number, context: CallerContext): void {
    if (this.running) return;
    this.running = this.run(target, context)
      .catch((error: unknown) => this.logger.error(`key rotation stopped: ${(error as Error).message}`))
      .finally(() => {
        this.running = undefined;
      });
  }

  private async run(target: number, context: CallerContext): Promise<void> {
    const keyring = this.keys.keyring;
    const failed = new Set<string>();
    let afterId: string | null = null;
    let rotatedInPass = 0;
    while (!this.stopping) {
      let batch;
      try {
        batch = await this.repository.rotateBatch(target, afterId, this.env.VAULT_ROTATION_BATCH_SIZE, (credential) => {
          try {
            return rewrapCredential(keyring, credential.id, credential.sealed);
          } catch {
            return undefined;
          }
        });
      } catch (error) {
        // The database may be restarting: keep the progress and try again shortly.
        this.logger.warn(`a rotation batch failed and will be retried: ${(error as Error).message}`);
        await sleep(1000);
        continue;
      }
      batch.failed.forEach((id) => failed.add(id));
      if (batch.rotated.length) this.events.changed(batch.rotated, 'rotated', context);
      if (batch.lastId) {
        afterId = batch.lastId;
        rotatedInPass += batch.rotated.length;
        if (this.env.VAULT_ROTATION_PAUSE_MS) await sleep(this.env.VAULT_ROTATION_PAUSE_MS);
        continue;
      }
      // End of a pass over the ids: done, or go round again for rows that were locked.
      const remaining = await this.repository.remaining(target);
      if (remaining === 0) {
        if (await this.repository.complete(target)) await this.auditCompleted(target, context);
        this.logger.log(`key rotation to key version ${target} completed`);
        return;
      }
      if (rotatedInPass === 0 && remaining <= failed.size) {
        this.logger.error(
          `key rotation to key version ${target} cannot finish: ${failed.size} credential(s) failed authentication and stay on their old key`,
        );
        await this.repository.release(this.worker);
        return;
      }
      afterId = null;
      rotatedInPass = 0;
      await sleep(200);
    }
    await this.repository.release(this.worker).catch(() => undefined);
  }

  private async auditCompleted(target: number, context: CallerContext): Promise<void> {
    await this.audit
      .publish(
        { action: 'encryption.rotation.completed', outcome: 'success', resource: { type: 'encryption-key', id: String(target) }, details: { targetKeyVersion: target } },
        context,
      )
      .catch(() => this.logger.warn('could not audit the completion of the key rotation'));
  }
}

function systemContext(): CallerContext {
  return { requestId: randomUUID(), principalType: 'system' };
}
