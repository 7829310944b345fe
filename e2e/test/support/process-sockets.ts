import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A remote endpoint one of the watched processes had a socket to. */
export interface RemoteEndpoint {
  protocol: 'tcp' | 'tcp6' | 'udp' | 'udp6';
  address: string;
  port: number;
}

function hexToIpv4(hex: string): string {
  // /proc shows IPv4 addresses as little-endian hex.
  return [hex.slice(6, 8), hex.slice(4, 6), hex.slice(2, 4), hex.slice(0, 2)].map((part) => parseInt(part, 16)).join('.');
}

function hexToIpv6(hex: string): string {
  const words: string[] = [];
  for (let i = 0; i < 32; i += 8) {
    const word = hex.slice(i, i + 8).match(/../g)!.reverse().join('');
    words.push(word.slice(0, 4), word.slice(4, 8));
  }
  const text = words.map((word) => parseInt(word, 16).toString(16)).join(':');
  const mapped = text.match(/^0:0:0:0:0:ffff:([0-9a-f]+):([0-9a-f]+)$/);
  if (mapped) {
    const high = parseInt(mapped[1], 16);
    const low = parseInt(mapped[2], 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return text === '0:0:0:0:0:0:0:1' ? '::1' : text;
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes; // the process has exited
  }
  for (const fd of fds) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const match = target.match(/^socket:\[(\d+)\]$/);
      if (match) inodes.add(match[1]);
    } catch {
      // closed between readdir and readlink
    }
  }
  return inodes;
}

/** Every non-listening socket of `pid` with a remote endpoint, from /proc/<pid>/net/* and /proc/<pid>/fd. */
export function remoteEndpointsOf(pid: number): RemoteEndpoint[] {
  const inodes = socketInodes(pid);
  if (!inodes.size) return [];
  const endpoints: RemoteEndpoint[] = [];
  for (const protocol of ['tcp', 'tcp6', 'udp', 'udp6'] as const) {
    let table: string;
    try {
      table = readFileSync(`/proc/${pid}/net/${protocol}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of table.trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [remoteHex, remotePortHex] = fields[2].split(':');
      const state = fields[3];
      const inode = fields[9];
      if (!inodes.has(inode) || state === '0A') continue; // 0A: listening
      const port = parseInt(remotePortHex, 16);
      if (port === 0) continue; // unconnected (for example a bound UDP socket)
      const address = protocol.endsWith('6') ? hexToIpv6(remoteHex) : hexToIpv4(remoteHex);
      endpoints.push({ protocol, address, port });
    }
  }
  return endpoints;
}

/**
 * Samples the sockets of the watched processes every few milliseconds for as long as it runs and
 * keeps every remote endpoint it ever saw, so a test can assert where a service connected.
 */
export class SocketWatch {
  private readonly pids = new Set<number>();
  private readonly seen = new Map<string, RemoteEndpoint>();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 20) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  watch(pid: number | undefined): void {
    if (pid) this.pids.add(pid);
    this.sample();
  }

  sample(): void {
    for (const pid of this.pids) {
      for (const endpoint of remoteEndpointsOf(pid)) {
        this.seen.set(`${endpoint.protocol} ${endpoint.address}:${endpoint.port}`, endpoint);
      }
    }
  }

  endpoints(): RemoteEndpoint[] {
    this.sample();
    return [...this.seen.values()];
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** A TCP listener that nothing should ever contact; `contacts` counts the connections it got. */
export async function startTripwire(): Promise<{ url: string; port: number; contacts: () => number; close: () => Promise<void> }> {
  let contacts = 0;
  const server = net.createServer((socket) => {
    contacts += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    contacts: () => contacts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
