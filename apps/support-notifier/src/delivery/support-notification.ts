import type { SupportIdentity } from '../config/support-settings.js';

/**
 * The one and only data that ever leaves the installation (Prst.ai's docs: Organization, License
 * Key, Email, Support Category, Description, Ticket ID), with these JSON keys. Adding a field here is
 * a change of the product's privacy promise: update the README and the e2e test that checks the
 * exact key set first.
 */
export interface SupportNotification {
  organization: string;
  license_key: string;
  /** The root administrator's address, ROOT_EMAIL. */
  email: string;
  support_category: string;
  description: string;
  /** The ticket's id in this installation; also the Idempotency-Key header. */
  ticket_id: string;
}

/** The six keys, in the order they are serialized. */
export const SUPPORT_NOTIFICATION_FIELDS = [
  'organization',
  'license_key',
  'email',
  'support_category',
  'description',
  'ticket_id',
] as const satisfies readonly (keyof SupportNotification)[];

// Fails to compile when the interface and the list of keys disagree.
type MissingFromList = Exclude<keyof SupportNotification, (typeof SUPPORT_NOTIFICATION_FIELDS)[number]>;
const _everyFieldListed: MissingFromList extends never ? true : never = true;
void _everyFieldListed;

export interface TicketToSend {
  id: string;
  category: string;
  description: string;
}

/** Builds the notification of a ticket from the configured identity; nothing else goes in. */
export function buildSupportNotification(identity: SupportIdentity, ticket: TicketToSend): SupportNotification {
  return {
    organization: identity.organization,
    license_key: identity.licenseKey,
    email: identity.rootEmail,
    support_category: ticket.category,
    description: ticket.description,
    ticket_id: ticket.id,
  };
}

/**
 * The request body. The replacer list makes JSON.stringify write only the six keys, even if an
 * object with more properties were ever passed in.
 */
export function serializeSupportNotification(notification: SupportNotification): string {
  return JSON.stringify(notification, [...SUPPORT_NOTIFICATION_FIELDS]);
}
