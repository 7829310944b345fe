import { lookup } from 'node:dns/promises';
import net from 'node:net';

/** Address ranges inside a private network: loopback, RFC 1918, carrier-grade NAT, IPv6 ULA. */
const INTERNAL_RANGES = new net.BlockList();
INTERNAL_RANGES.addSubnet('127.0.0.0', 8, 'ipv4');
INTERNAL_RANGES.addSubnet('10.0.0.0', 8, 'ipv4');
INTERNAL_RANGES.addSubnet('172.16.0.0', 12, 'ipv4');
INTERNAL_RANGES.addSubnet('192.168.0.0', 16, 'ipv4');
INTERNAL_RANGES.addSubnet('100.64.0.0', 10, 'ipv4');
INTERNAL_RANGES.addAddress('::1', 'ipv6');
INTERNAL_RANGES.addSubnet('fc00::', 7, 'ipv6');

/** Kubernetes service names: resolvable only inside the cluster. */
const IN_CLUSTER_NAME = /(\.svc|\.svc\.cluster\.local|\.cluster\.local)$|^[a-z0-9-]+$/i;

export function isInternalAddress(address: string): boolean {
  const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
  return INTERNAL_RANGES.check(address, family);
}

/**
 * Throws unless `endpoint` can only reach this network: every address it resolves to must be
 * loopback or private, or it must be an in-cluster service name that does not resolve here.
 * Link-local addresses (cloud metadata) are refused like public ones.
 */
export async function assertInternalEndpoint(endpoint: string, variable: string): Promise<void> {
  let host: string;
  try {
    host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  } catch {
    throw new Error(`${variable} must be a URL (got an unparsable value)`);
  }
  const refuse = (why: string) =>
    new Error(
      `${variable} points at ${host}, ${why}. Telemetry may only be sent inside your network: use a ` +
        'collector on a loopback, private or in-cluster address (for example http://otel-collector.monitoring.svc:4318).',
    );
  if (net.isIP(host)) {
    if (!isInternalAddress(host)) throw refuse('which is not a loopback or private address');
    return;
  }
  let addresses: string[];
  try {
    addresses = (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    if (IN_CLUSTER_NAME.test(host)) return; // a cluster service name, not resolvable from here yet
    throw refuse('a host name that does not resolve');
  }
  const external = addresses.filter((address) => !isInternalAddress(address));
  if (external.length) throw refuse(`which resolves to the public address ${external[0]}`);
}
