/** Each provider's spelling of our locales (from their language lists). */
import { languageOf } from '../locales.js';

/** DeepL: source languages without region; targets with the regions DeepL distinguishes. */
export function deeplSource(locale: string): string {
  const language = languageOf(locale);
  return language.startsWith('zh') ? 'ZH' : language.toUpperCase();
}

export function deeplTarget(locale: string): string {
  const language = languageOf(locale);
  const region = (locale.split(/[-_]/)[1] ?? '').toUpperCase();
  if (language === 'zh-hans') return 'ZH-HANS';
  if (language === 'zh-hant') return 'ZH-HANT';
  if (language === 'en')
    return region === 'US' || region === 'CA' || region === 'PH' ? 'EN-US' : 'EN-GB';
  if (language === 'pt') return region === 'BR' ? 'PT-BR' : 'PT-PT';
  return language.toUpperCase();
}

/** Google (v2 and v3): ISO-639 codes, with zh-CN / zh-TW for the two Chinese scripts. */
export function googleCode(locale: string): string {
  const language = languageOf(locale);
  if (language === 'zh-hans') return 'zh-CN';
  if (language === 'zh-hant') return 'zh-TW';
  return language;
}

/** Azure Translator: zh-Hans / zh-Hant, fr-ca and pt-pt as distinct targets. */
export function azureCode(locale: string): string {
  const language = languageOf(locale);
  const region = (locale.split(/[-_]/)[1] ?? '').toLowerCase();
  if (language === 'zh-hans') return 'zh-Hans';
  if (language === 'zh-hant') return 'zh-Hant';
  if (language === 'fr' && region === 'ca') return 'fr-ca';
  if (language === 'pt' && region === 'pt') return 'pt-pt';
  return language;
}

/** LibreTranslate (Argos models): `zh` for simplified, `zt` for traditional Chinese. */
export function libreCode(locale: string): string {
  const language = languageOf(locale);
  if (language === 'zh-hans') return 'zh';
  if (language === 'zh-hant') return 'zt';
  return language;
}
