export * from './secret-strength.js';
export * from './kek.js';
export * from './keyring.js';
export * from './envelope.js';
