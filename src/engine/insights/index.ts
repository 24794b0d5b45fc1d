/** Insights: sales, SKUs, returns, stock cover and margin from summaries of the store. */
export { addDays, bucketsOf, dayStartIso, localDay, type Bucket, type Grain } from './calendar.js';
export { dayInsight, insightAttention } from './daily.js';
export { DayConverter, MAX_RATE_AGE_DAYS } from './fx.js';
export { marginInsight } from './margin.js';
export { returnsInsight } from './returns.js';
export { salesInsight, type InsightScope } from './sales.js';
export { skuInsight } from './skus.js';
export { reorderPointOf, stockCoverInsight } from './stock-cover.js';
export { refreshSummaries, SOLD_STATUSES, summariesStale } from './summary.js';
