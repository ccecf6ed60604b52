// Day-end reporting: the Z-report and what surrounds it (completeness, late adjustments, the close,
// the audit trail, CSV exports, the live view of today).
export * from './z-report';
export * from './cash-variance';
export * from './completeness';
export * from './late-adjustment';
export * from './day-report';
export * from './day-close';
export * from './audit';
export * from './unrecorded-payment-audit';
export * from './csv';
export * from './exports';
export * from './z-report-csv';
export * from './after-close';
export * from './live-summary';
