/**
 * The Insights cards. Loaded on first visit (InsightsView lazy-imports it) so that ECharts, the
 * largest library of the window, stays out of the code every other view starts with.
 */
import { MarginSection } from './MarginSection.js';
import type { InsightFilter } from './parts.js';
import { ReturnsSection } from './ReturnsSection.js';
import { SalesSection } from './SalesSection.js';
import { SkuSection } from './SkuSection.js';
import { StockCoverSection } from './StockCoverSection.js';
import './insights.css';

export default function InsightsBody({ filter }: { filter: InsightFilter }) {
  return (
    <div className="insights-grid">
      <SalesSection filter={filter} />
      <SkuSection filter={filter} />
      <StockCoverSection filter={filter} />
      <ReturnsSection filter={filter} />
      <MarginSection filter={filter} />
    </div>
  );
}
