/**
 * The Insights cards. Loaded on first visit (InsightsView lazy-imports it) so that ECharts, the
 * largest library of the window, stays out of the code every other view starts with.
 */
import { useState } from 'react';
import type { OrdersLink } from '../../shared/api/index.js';
import { MarginSection } from './MarginSection.js';
import { DrillContext, OrdersDrill } from './OrdersDrill.js';
import type { InsightFilter } from './parts.js';
import { ReturnsSection } from './ReturnsSection.js';
import { SalesSection } from './SalesSection.js';
import { SkuSection } from './SkuSection.js';
import { StockCoverSection } from './StockCoverSection.js';
import './insights.css';

export default function InsightsBody({ filter }: { filter: InsightFilter }) {
  const [drill, setDrill] = useState<OrdersLink | null>(null);
  return (
    <DrillContext.Provider value={setDrill}>
      <div className="insights-grid">
        {drill ? <OrdersDrill link={drill} onClose={() => setDrill(null)} /> : null}
        <SalesSection filter={filter} />
        <SkuSection filter={filter} />
        <StockCoverSection filter={filter} />
        <ReturnsSection filter={filter} />
        <MarginSection filter={filter} />
      </div>
    </DrillContext.Provider>
  );
}
