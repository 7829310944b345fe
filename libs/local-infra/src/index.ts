export * from './ports.js';
export * from './tools.js';
export * from './nats-config.js';
export * from './nats-server.js';
export * from './postgres.js';
export * from './service-process.js';
export * from './suite.js';
export * from './test-environment.js';
export { APP_NAMES } from '@prst/contracts';
