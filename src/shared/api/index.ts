export * from './contract.js';
export * from './errors.js';
export * from './events.js';
export * from './types.js';
export * from './types-workbench.js';
export * from './types-operations.js';
export * from './wire.js';
export * from './client.js';
