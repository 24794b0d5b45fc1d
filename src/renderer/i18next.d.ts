import 'i18next';
import type { Messages } from './i18n/en.js';

// Typed keys: t('nav.listngs') is a compile error, and so is a key missing from en.json.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
    returnNull: false;
  }
}
