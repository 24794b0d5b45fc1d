/**
 * i18next set up with both languages bundled: switching is instant and works offline. The
 * English tree is the reference shape; locales.test.ts fails when the Chinese tree differs.
 */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { UiLocale } from '../../shared/domain.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

export const resources = {
  en: { translation: en },
  'zh-CN': { translation: zhCN },
} as const;

/** The language to show before the seller's settings have loaded. */
export function guessLocale(languages: readonly string[]): UiLocale {
  return languages.some((language) => language.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export async function initI18n(locale: UiLocale): Promise<i18n> {
  await i18next.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-CN'],
    // React escapes what it renders; escaping here too would show "&amp;".
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  });
  return i18next;
}
