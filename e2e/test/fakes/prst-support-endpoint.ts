import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

/** One request as the fake vendor endpoint received it. */
export interface ReceivedNotification {
  method: string;
  path: string;
  /** Header names exactly as sent, lower-cased, in order. */
  headerNames: string[];
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: Record<string, unknown> | undefined;
  /** Which request this is for its ticket_id (1 for the first). */
  nth: number;
  /** The status the fake answered. */
  answered: number;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** Decides the answer to a request; the default accepts every ticket with 201. */
export type Behaviour = (request: ReceivedNotification) => FakeAnswer;

const ACCEPT: Behaviour = () => ({ status: 201, body: { status: 'received' } });

export interface FakeSupportEndpoint {
  /** The URL to configure as SUPPORT_API_URL. */
  url: string;
  /** PEM file of the CA that signed the fake's certificate, for SUPPORT_API_CA_FILE. */
  caFile: string;
  port: number;
  received: ReceivedNotification[];
  /** TCP connections accepted so far. */
  connections(): number;
  forTicket(ticketId: string): ReceivedNotification[];
  behaviour: Behaviour;
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 made with the openssl command line tool. */
function makeCertificate(dir: string): { key: string; cert: string; caFile: string } {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2',
        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      { stdio: 'pipe' },
    );
  } catch (error) {
    throw new Error(`the fake support endpoint needs the openssl command (apt-get install openssl): ${(error as Error).message}`);
  }
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), caFile: certFile };
}

/**
 * A local stand-in for the vendor's support endpoint: HTTPS with a self-signed certificate, JSON in,
 * JSON out, answering each request as `behaviour` says and recording everything it received.
 */
export async function startFakeSupportEndpoint(): Promise<FakeSupportEndpoint> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prst-fake-support-'));
  const { key, cert, caFile } = makeCertificate(dir);
  writeFileSync(path.join(dir, 'README'), 'certificate of the fake prst.ai support endpoint (tests only)\n');
  const received: ReceivedNotification[] = [];
  const perTicket = new Map<string, number>();
  let connections = 0;

  const fake: FakeSupportEndpoint = {
    url: '',
    caFile,
    port: 0,
    received,
    connections: () => connections,
    forTicket: (ticketId) => received.filter((request) => request.body?.ticket_id === ticketId),
    behaviour: ACCEPT,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };

  const server = https.createServer({ key, cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | undefined;
      try {
        body = JSON.parse(rawBody) as Record<string, unknown>;
      } catch {
        body = undefined;
      }
      const ticketId = String(body?.ticket_id ?? '');
      const nth = (perTicket.get(ticketId) ?? 0) + 1;
      perTicket.set(ticketId, nth);
      const record: ReceivedNotification = {
        method: request.method ?? '',
        path: request.url ?? '',
        headerNames: request.rawHeaders.filter((_, index) => index % 2 === 0).map((name) => name.toLowerCase()),
        headers: request.headers,
        rawBody,
        body,
        nth,
        answered: 0,
      };
      const answer = fake.behaviour(record);
      record.answered = answer.status;
      received.push(record);
      setTimeout(() => {
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        response.end(JSON.stringify(answer.body ?? {}));
      }, answer.delayMs ?? 0);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `https://127.0.0.1:${fake.port}/api/v1/tickets`;
  return fake;
}
