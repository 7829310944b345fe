import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PrstError, type AuditEventInput, type SupportTicketView } from '@prst/contracts';
import type { AuditPublisher } from '@prst/messaging';
import type { SupportSettings } from '../config/support-settings.js';
import { TicketsService } from './tickets.service.js';
import type { NewTicket, TicketsRepository } from './tickets.repository.js';

const context = { requestId: 'req-1', principalId: 'user-1', principalType: 'user' as const, role: 'editor' as const };

function setup(supportOn: boolean, auditFails = false) {
  const stored: Array<{ ticket: NewTicket; deliver: boolean }> = [];
  const events: AuditEventInput[] = [];
  let nudges = 0;
  const repository = {
    async create(ticket: NewTicket, deliver: boolean, beforeCommit: (view: SupportTicketView) => Promise<void>) {
      const view: SupportTicketView = {
        ticketId: ticket.id,
        category: ticket.category,
        description: ticket.description,
        status: deliver ? 'pending' : 'disabled',
        attempts: 0,
        lastError: null,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        sentAt: null,
        nextAttemptAt: null,
      };
      await beforeCommit(view); // a throw here rolls the transaction back in the real repository
      stored.push({ ticket, deliver });
      return view;
    },
    async findById() {
      return undefined;
    },
  } as unknown as TicketsRepository;
  const audit = {
    async publish(input: AuditEventInput) {
      if (auditFails) throw new PrstError('AUDIT_UNAVAILABLE', 'down');
      events.push(input);
    },
  } as unknown as AuditPublisher;
  const settings = {
    identity: supportOn ? { organization: 'Acme', licenseKey: 'lic-secret-1', rootEmail: 'r@acme.test' } : undefined,
  } as SupportSettings;
  const service = new TicketsService(repository, audit, settings, { nudge: () => (nudges += 1) });
  return { service, stored, events, nudges: () => nudges };
}

describe('TicketsService', () => {
  describe('create', () => {
    it('keeps the ticket as disabled and wakes no worker when support is off', async () => {
      const { service, stored, nudges } = setup(false);
      const reply = await service.create({ category: 'other', description: 'hello' }, context);
      assert.equal(reply.status, 'disabled');
      assert.deepEqual(Object.keys(reply).sort(), ['category', 'createdAt', 'status', 'ticketId']);
      assert.equal(stored[0].deliver, false);
      assert.equal(nudges(), 0);
    });

    it('queues the ticket for delivery and wakes the worker when support is on', async () => {
      const { service, stored, nudges } = setup(true);
      const reply = await service.create({ category: 'security', description: 'hello' }, context);
      assert.equal(reply.status, 'pending');
      assert.equal(stored[0].deliver, true);
      assert.equal(nudges(), 1);
    });

    it('stores the description without control characters and records who created it', async () => {
      const { service, stored } = setup(true);
      await service.create({ category: 'other', description: '\u0000bad\u0007 text\r\n' }, context);
      assert.equal(stored[0].ticket.description, 'bad text');
      assert.equal(stored[0].ticket.createdById, 'user-1');
    });

    it('audits the creation without the description text or any license data', async () => {
      const { service, events } = setup(true);
      await service.create({ category: 'billing', description: 'my invoice' }, context);
      assert.equal(events[0].action, 'support.ticket.created');
      const text = JSON.stringify(events[0]);
      assert.ok(!text.includes('my invoice') && !text.includes('lic-secret-1'));
    });

    it('creates nothing when the audit trail cannot record it', async () => {
      const { service, stored, nudges } = setup(true, true);
      await assert.rejects(service.create({ category: 'other', description: 'x' }, context), { name: 'AUDIT_UNAVAILABLE' });
      assert.equal(stored.length, 0);
      assert.equal(nudges(), 0);
    });

    it('refuses a description with nothing readable in it', async () => {
      const { service } = setup(true);
      await assert.rejects(service.create({ category: 'other', description: '\u0001\u0002' }, context), { name: 'VALIDATION_FAILED' });
    });
  });

  describe('get', () => {
    it('answers SUPPORT_TICKET_NOT_FOUND for an unknown id', async () => {
      const { service } = setup(true);
      await assert.rejects(service.get('00000000-0000-4000-8000-000000000000'), { name: 'SUPPORT_TICKET_NOT_FOUND' });
    });
  });
});
