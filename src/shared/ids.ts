/**
 * Branded ids: a listing id cannot be passed where an account id is expected, even though both
 * are integers in the store. Brands exist only at compile time.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type AccountId = Brand<number, 'AccountId'>;
export type ProductId = Brand<number, 'ProductId'>;
export type ListingId = Brand<number, 'ListingId'>;
export type OrderId = Brand<number, 'OrderId'>;
export type ChangeBatchId = Brand<number, 'ChangeBatchId'>;
export type SyncRunId = Brand<number, 'SyncRunId'>;
export type OutboxJobId = Brand<number, 'OutboxJobId'>;
