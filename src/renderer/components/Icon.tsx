/**
 * Navigation icons as inline SVG: drawn with the text colour, crisp at 16 px, and independent of
 * which symbol fonts the seller's system happens to have.
 */
import type { ViewName } from '../shell/routes.js';

const PATHS: Record<ViewName, string> = {
  // a box
  inventory: 'M2.5 5 8 2.5 13.5 5v6L8 13.5 2.5 11Z M2.5 5 8 7.5 13.5 5 M8 7.5v6',
  // a list
  listings: 'M5.5 4h8 M5.5 8h8 M5.5 12h8 M2.5 4h.5 M2.5 8h.5 M2.5 12h.5',
  // a receipt
  orders: 'M3.5 2h9v12l-2-1.2-2.5 1.2-2.5-1.2-2 1.2Z M6 5.5h4 M6 8.5h4',
  // insights: bars of a chart on their axis
  insights: 'M2.5 2.5v11h11 M5 11V8 M8 11V5 M11 11V7',
  // two speech marks facing each other
  translations: 'M2 3h7v5H5l-3 2.5Z M7 10.5h3l3 2.5V6h-2',
  // a price tag
  prices: 'M2.5 2.5h5l6 6-5 5-6-6Z M5 5h.5',
  // arrows chasing each other
  sync: 'M3 7a5 5 0 0 1 9-2.5 M12 2v2.5H9.5 M13 9a5 5 0 0 1-9 2.5 M4 14v-2.5h2.5',
  // a shop front
  accounts: 'M2.5 6.5 3.5 2.5h9l1 4 M2.5 6.5h11 M3.5 6.5V13.5h9V6.5 M6.5 13.5v-4h3v4',
  // sliders
  settings: 'M2.5 4h11 M2.5 8h11 M2.5 12h11 M5 2.5v3 M10.5 6.5v3 M7 10.5v3',
};

export function ViewIcon({ view }: { view: ViewName }) {
  return (
    <svg
      className="icon"
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.3"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[view]} />
    </svg>
  );
}
