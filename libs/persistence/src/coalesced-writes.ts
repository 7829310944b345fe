import type { Duplex } from 'node:stream';
import type { DataSource } from 'typeorm';

const coalesced = new WeakSet<Duplex>();

/**
 * node-postgres writes each message of a parameterised query (parse, bind, describe, execute, sync)
 * with a socket write of its own: five system calls where one would do. Corking the socket for the
 * rest of the tick in which the first message is written sends them together. Profiles of the
 * executor under load showed these writes as its largest single cost.
 */
export function coalesceWrites(socket: Duplex): void {
  if (coalesced.has(socket)) return;
  coalesced.add(socket);
  const write = socket.write;
  let corked = false;
  socket.write = function coalescedWrite(this: Duplex, ...args: unknown[]) {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    }
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as Duplex['write'];
}

interface PoolClientWithSocket {
  connection?: { stream?: Duplex };
}

/** Coalesces the writes of every connection of a TypeORM PostgreSQL data source (at each checkout, once per socket). */
export function coalescePoolWrites(pool: { on(event: 'acquire', listener: (client: PoolClientWithSocket) => void): void }): void {
  pool.on('acquire', (client) => {
    const socket = client.connection?.stream;
    if (socket) coalesceWrites(socket);
  });
}

export function coalesceDataSourceWrites(dataSource: DataSource): void {
  coalescePoolWrites((dataSource.driver as unknown as { master: Parameters<typeof coalescePoolWrites>[0] }).master);
}
