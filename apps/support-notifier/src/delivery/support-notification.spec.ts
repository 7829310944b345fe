import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildSupportNotification, serializeSupportNotification, SUPPORT_NOTIFICATION_FIELDS } from './support-notification.js';

const identity = { organization: 'Acme', licenseKey: 'lic-123456', rootEmail: 'root@acme.test' };
const ticket = { id: '6f1c0a4e-4b7e-4a37-9a39-2d0b9f1f7a10', category: 'security', description: 'Line one\nline two' };

describe('buildSupportNotification', () => {
  it('fills exactly the six documented fields from the identity and the ticket', () => {
    assert.deepEqual(buildSupportNotification(identity, ticket), {
      organization: 'Acme',
      license_key: 'lic-123456',
      email: 'root@acme.test',
      support_category: 'security',
      description: 'Line one\nline two',
      ticket_id: ticket.id,
    });
  });
});

describe('serializeSupportNotification', () => {
  it('writes only the six keys, even for an object carrying more', () => {
    const withExtra = { ...buildSupportNotification(identity, ticket), hostname: 'db-1', user: 'alice' };
    const parsed = JSON.parse(serializeSupportNotification(withExtra));
    assert.deepEqual(Object.keys(parsed), [...SUPPORT_NOTIFICATION_FIELDS]);
    assert.equal(JSON.stringify(parsed).includes('db-1'), false);
  });
});
