import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';

/** Addresses that are not the public internet: loopback, private, link-local (cloud metadata), CGNAT, … */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

/** True for loopback, private, link-local, shared, multicast and reserved addresses. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return INTERNAL.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return INTERNAL.check(mapped[1], 'ipv4');
    return INTERNAL.check(address, 'ipv6');
  }
  return true;
}

/** A refused destination; the message says why, for the task's error and the caller. */
export class EgressRefusedError extends Error {}

interface HostPattern {
  /** Lower-case host (IPv6 without brackets) or a `*.suffix` wildcard, or `*`. */
  host: string;
  port?: number;
  wildcard: boolean;
}

function parsePattern(raw: string): HostPattern {
  const text = raw.trim().toLowerCase();
  let host = text;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2] ? Number(bracketed[2]) : undefined;
  } else if (/^[^:]+:\d+$/.test(text)) {
    const index = text.lastIndexOf(':');
    host = text.slice(0, index);
    port = Number(text.slice(index + 1));
  }
  return { host, port, wildcard: host === '*' || host.startsWith('*.') };
}

function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

export type AddressResolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: AddressResolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Which provider addresses the executor may call (`PROVIDER_ALLOWED_HOSTS`). A host must match a
 * pattern: `api.openai.com`, `host:port`, `*.openai.azure.com` (any subdomain) or `*` (any host).
 * Loopback, private, link-local and other internal addresses are refused unless the exact host
 * (and port, when the pattern names one) is listed — a wildcard never opens them, so a connector
 * cannot reach NATS, PostgreSQL or cloud metadata. Names are resolved once and the connection is
 * made to the checked address (see pinnedConnector), so DNS cannot change the answer in between.
 */
export class EgressPolicy {
  private readonly patterns: HostPattern[];

  constructor(
    patterns: readonly string[],
    private readonly resolver: AddressResolver = systemResolver,
  ) {
    this.patterns = patterns.map((pattern) => pattern.trim()).filter(Boolean).map(parsePattern);
  }

  /** Checks host and port against the list; answers whether the match is explicit (not a wildcard). */
  private match(host: string, port: number): { explicit: boolean } {
    const name = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
    let wildcardMatch = false;
    for (const pattern of this.patterns) {
      if (pattern.port !== undefined && pattern.port !== port) continue;
      if (!pattern.wildcard && pattern.host === name) return { explicit: true };
      if (pattern.host === '*' && !isIP(name)) wildcardMatch = true;
      if (pattern.host.startsWith('*.') && name.endsWith(pattern.host.slice(1))) wildcardMatch = true;
    }
    if (wildcardMatch) return { explicit: false };
    throw new EgressRefusedError(
      `${name}:${port} is not in PROVIDER_ALLOWED_HOSTS, so the executor does not call it${isIP(name) && isInternalAddress(name) ? ' (it is an internal address)' : ''}`,
    );
  }

  /**
   * The address to connect to for `host:port`: refused when the host is not listed, or when it is
   * (or resolves to) an internal address that is not listed exactly.
   */
  async resolve(host: string, port: number): Promise<{ address: string; family: number }> {
    const name = host.replace(/^\[|\]$/g, '');
    const { explicit } = this.match(name, port);
    const family = isIP(name);
    const candidates = family ? [{ address: name, family }] : await this.resolver(name);
    if (!candidates.length) throw new EgressRefusedError(`${name} does not resolve to any address`);
    if (!explicit) {
      const internal = candidates.find((candidate) => isInternalAddress(candidate.address));
      if (internal) {
        throw new EgressRefusedError(
          `${name} resolves to the internal address ${internal.address}; only hosts listed exactly in PROVIDER_ALLOWED_HOSTS may be internal`,
        );
      }
    }
    return candidates[0];
  }

  /** Checks a URL as far as possible without connecting (at connector creation and before a call). */
  async checkUrl(url: string, options: { tolerateUnresolved?: boolean } = {}): Promise<void> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new EgressRefusedError('the URL is not valid');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new EgressRefusedError(`${parsed.protocol} URLs are not allowed`);
    if (parsed.username || parsed.password) throw new EgressRefusedError('URLs with user:password are not allowed; use a credential');
    try {
      await this.resolve(parsed.hostname, defaultPort(parsed));
    } catch (error) {
      if (error instanceof EgressRefusedError) throw error;
      if (!options.tolerateUnresolved) throw new EgressRefusedError(`${parsed.hostname} cannot be resolved`);
    }
  }
}
