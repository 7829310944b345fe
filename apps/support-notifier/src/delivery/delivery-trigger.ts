/** Lets ticket creation wake the delivery worker at once instead of at its next poll. */
export interface DeliveryTrigger {
  nudge(): void;
}

export const DELIVERY_TRIGGER = Symbol('DELIVERY_TRIGGER');
