// The domain core, shared by the mini-program and the sync server: plain functions and types, no I/O.
export * from './money';
export * from './ids';
export * from './catalog';
export * from './discount';
export * from './cart';
export * from './staff';
export * from './member';
export * from './settings';
export * from './order';
export * from './shift';
export * from './operation';
export * from './protocol';
export * from './validation';
export * from './barcode';
export * from './pin-hash';
