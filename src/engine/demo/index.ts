/** The demo seller: deterministic sample data, and `fillDemo` to write it into a data folder. */
export {
  generateDemo,
  parseDemoOptions,
  SELLER_SIZE,
  type AccountPage,
  type DemoCounts,
  type DemoData,
  type DemoOptions,
  type DemoSize,
} from './generate.js';
export { DEMO_SITES } from './sites.js';
export {
  DEFAULT_DEMO_SEED,
  fillDemo,
  type DemoPhase,
  type FillDemoOptions,
  type FillDemoResult,
} from './fill.js';
