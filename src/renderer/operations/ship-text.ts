/** Wording of shipping outcomes in the seller's language (the engine's codes, translated). */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShipRowResult } from '../../shared/api/index.js';

/** Carriers offered as suggestions; any other name may be typed. */
export const CARRIER_SUGGESTIONS = [
  'DHL',
  'FedEx',
  'UPS',
  'USPS',
  'Royal Mail',
  'DPD',
  'Ninja Van',
  'J&T Express',
  'SF Express',
  'China Post',
  'EMS',
  'Yanwen',
  '4PX',
  'Cainiao',
] as const;

/** The row's error in words, or null when the row is fine. */
export function useShipRowError() {
  const { t } = useTranslation();
  return useCallback(
    (result: Pick<ShipRowResult, 'error'>): string | null =>
      result.error ? t(`orders.ship.errors.${result.error.code}`) : null,
    [t],
  );
}
