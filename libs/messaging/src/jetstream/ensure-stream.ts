import { jetstreamManager, StorageType, type StreamConfig } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { StreamSpec } from '@prst/contracts';

/**
 * Creates the stream when it does not exist yet (file storage), and leaves an existing one as it
 * is. Called at boot by the stream's owner service.
 */
export async function ensureStream(
  connection: NatsConnection,
  spec: StreamSpec,
  overrides: Partial<StreamConfig> = {},
): Promise<void> {
  const manager = await jetstreamManager(connection);
  try {
    await manager.streams.info(spec.name);
  } catch {
    await manager.streams.add({
      name: spec.name,
      subjects: [...spec.subjects],
      storage: StorageType.File,
      duplicate_window: 2 * 60 * 1_000_000_000, // nanoseconds: retried publishes within 2 min are stored once
      ...overrides,
    });
  }
}
