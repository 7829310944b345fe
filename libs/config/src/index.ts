export * from './env-var.js';
export * from './load-env.js';
export * from './common-env.js';
