// Receipts: an order laid out for the paper, in the printer's GB code page, as ESC/POS bytes.
export * from './document';
export * from './receipt-labels';
export * from './gb-code-page';
export * from './columns';
export * from './layout';
export * from './escpos';
export * from './test-page';
