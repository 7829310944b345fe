/** Injection tokens of the messaging module. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const APP_NAME = Symbol('APP_NAME');
