/** The UI language as a sheet's header language (the engine writes either and reads both). */
import { useTranslation } from 'react-i18next';
import type { UiLocale } from '../../shared/domain.js';

export function useSheetLocale(): UiLocale {
  const { i18n } = useTranslation();
  return i18n.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
