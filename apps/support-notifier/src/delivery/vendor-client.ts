import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { redactString } from '@prst/telemetry';
import { SUPPORT_SETTINGS, type SupportSettings } from '../config/support-settings.js';
import { serializeSupportNotification, type SupportNotification } from './support-notification.js';
import type { VendorResult } from './retry-policy.js';

const EXCERPT_LENGTH = 200;

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(date - now, 0);
}

function excerpt(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return redactString(clean.length > EXCERPT_LENGTH ? `${clean.slice(0, EXCERPT_LENGTH)}…` : clean);
}

function describeNetworkError(error: NodeJS.ErrnoException, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `the support endpoint did not answer within ${timeoutMs} ms`;
  const code = error.code ? ` (${error.code})` : '';
  return redactString(`could not reach the support endpoint: ${error.message}${code}`);
}

/**
 * The only code of the suite that opens a connection outside the cluster: one HTTPS POST to
 * SUPPORT_API_URL with the notification as its body. Headers are exactly Content-Type,
 * Content-Length and Idempotency-Key (the ticket id); Node adds only Host and Connection. No
 * User-Agent, no proxy variables are honoured, redirects are never followed.
 */
@Injectable()
export class VendorClient implements OnModuleDestroy {
  private readonly agent: https.Agent;

  constructor(@Inject(SUPPORT_SETTINGS) private readonly settings: SupportSettings) {
    // One connection per attempt: attempts are rare, and no idle socket stays open to the vendor.
    this.agent = new https.Agent({
      keepAlive: false,
      maxSockets: 1,
      ...(settings.extraCa ? { ca: [...rootCertificates, settings.extraCa] } : {}),
    });
  }

  send(notification: SupportNotification): Promise<VendorResult> {
    const body = Buffer.from(serializeSupportNotification(notification), 'utf8');
    const timeoutMs = this.settings.requestTimeoutMs;
    return new Promise<VendorResult>((resolve) => {
      let timedOut = false;
      const request = https.request(this.settings.apiUrl, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(body.length),
          'Idempotency-Key': notification.ticket_id,
        },
      });
      const timer = setTimeout(() => {
        timedOut = true;
        request.destroy(new Error('timeout'));
      }, timeoutMs);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < 4096) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => {
          clearTimeout(timer);
          resolve({
            kind: 'response',
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            bodyExcerpt: excerpt(Buffer.concat(chunks).toString('utf8')),
            retryAfterMs: parseRetryAfter(response.headers['retry-after']),
          });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          resolve({ kind: 'error', error: describeNetworkError(error, timeoutMs, timedOut) });
        });
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ kind: 'error', error: describeNetworkError(error, timeoutMs, timedOut) });
      });
      request.end(body);
    });
  }

  onModuleDestroy(): void {
    this.agent.destroy();
  }
}
