export * from './redactor.js';
export * from './json-logger.js';
