import { jetstreamManager, StorageType, type StreamConfig } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { StreamSpec } from '@prst/contracts';

/**
 * Creates the stream when it does not exist yet (file storage, `replicas` copies), and otherwise
 * leaves its configuration as it is except the number of replicas, so a move from one NATS server to
 * a cluster replicates what exists. Called at boot by the stream's owner service.
 */
export async function ensureStream(
  connection: NatsConnection,
  spec: StreamSpec,
  replicas: number,
  overrides: Partial<StreamConfig> = {},
): Promise<void> {
  const manager = await jetstreamManager(connection);
  const exists = await manager.streams.info(spec.name).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await manager.streams.add({
      name: spec.name,
      subjects: [...spec.subjects],
      storage: StorageType.File,
      duplicate_window: 2 * 60 * 1_000_000_000, // nanoseconds: retried publishes within 2 min are stored once
      num_replicas: replicas,
      ...overrides,
    });
  } else {
    await ensureReplicas(connection, spec.name, replicas);
  }
}

/** Sets the number of copies of an existing stream (also the stream behind a key-value bucket). */
export async function ensureReplicas(connection: NatsConnection, stream: string, replicas: number): Promise<void> {
  const manager = await jetstreamManager(connection);
  const { config } = await manager.streams.info(stream);
  if (config.num_replicas !== replicas) await manager.streams.update(stream, { num_replicas: replicas });
}
