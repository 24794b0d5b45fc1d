/**
 * The translation part of the contract (issue 9): providers and their keys, estimate and run,
 * one text side by side with its source, review, publish, and the glossary. Spread into
 * `contract` (contract.ts). Like contract-operations.ts, it imports no values from contract.ts.
 */
import { z } from 'zod';
import type {
  GlossaryEntry,
  ProviderSummary,
  PublishResult,
  TranslateEstimate,
  TranslateOutcome,
  TranslationTextDetail,
} from './types-translate.js';

export interface TranslateMethod<I extends z.ZodType, O> {
  readonly input: I;
  readonly __output?: O;
}
const method =
  <O>() =>
  <I extends z.ZodType>(input: I): TranslateMethod<I, O> => ({ input });

const Id = z.number().int().positive();
const Empty = z.strictObject({});
const Locale = z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'a locale such as de-DE');

export const PROVIDER_KINDS = [
  'deepl',
  'google-v2',
  'google-v3',
  'azure',
  'libretranslate',
  'openai',
] as const;
export const ProviderKind = z.enum(PROVIDER_KINDS);
export type ProviderKind = z.infer<typeof ProviderKind>;

/** A provider as configured (stored in settings; its key goes to the encrypted secret store). */
export const ProviderConfig = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes'),
  kind: ProviderKind,
  name: z.string().trim().min(1).max(80),
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Chat model (openai), project and location (google-v3), resource region (azure). */
  model: z.string().max(100).optional(),
  project: z.string().max(100).optional(),
  location: z.string().max(50).optional(),
  region: z.string().max(50).optional(),
  /** Integer minor units of `currency` per million billed characters (DeepL Pro: 2000 = EUR 20). */
  pricePerMillionMinor: z.number().int().min(0).max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/),
  requestsPerSecond: z.number().min(0.1).max(100).optional(),
  /** The built-in sandbox translator: simulated on this computer, needs no key. */
  sandbox: z.boolean().optional(),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

const RunInput = z.strictObject({
  providerId: z.string().min(1).max(40),
  listingIds: z.array(Id).min(1).max(5000),
  locales: z.array(Locale).min(1).max(20).optional(),
});

const TextInput = z.strictObject({
  listingId: Id,
  locale: Locale,
  title: z.string().max(500),
  description: z.string().max(50_000),
  bulletPoints: z.array(z.string().max(1000)).max(10),
  keywords: z.array(z.string().max(200)).max(50),
});

export const translateContract = {
  'translate.providers': method<ProviderSummary[]>()(Empty),
  /** Adds or replaces a provider; `key`, when given, is stored encrypted and never returned. */
  'translate.saveProvider': method<ProviderSummary[]>()(
    ProviderConfig.omit({ sandbox: true }).extend({ key: z.string().min(1).max(1000).optional() }),
  ),
  'translate.deleteProvider': method<ProviderSummary[]>()(
    z.strictObject({ id: z.string().min(1).max(40) }),
  ),
  /** Characters to be billed and the estimated cost, before a run. */
  'translate.estimate': method<TranslateEstimate>()(RunInput),
  /** Translates the selected listings into the locales their sites need (machine drafts). */
  'translate.run': method<TranslateOutcome>()(RunInput),
  'translate.text': method<TranslationTextDetail>()(
    z.strictObject({ listingId: Id, locale: Locale }),
  ),
  /** Saves the seller's reviewed text (it enters the memory as a reviewed translation). */
  'translate.review': method<TranslationTextDetail>()(TextInput),
  /** Publishes reviewed texts through the outbox; a listing missing a locale is blocked, naming it. */
  'translate.publish': method<PublishResult>()(
    z.strictObject({ listingIds: z.array(Id).min(1).max(5000) }),
  ),
  /**
   * Marks stale every text whose source changed, and stores a missing text for every listing
   * whose source is in another language than its shop's; returns how many of each.
   */
  'translate.checkStale': method<{ stale: number; missing: number }>()(Empty),
  'glossary.list': method<GlossaryEntry[]>()(Empty),
  'glossary.save': method<GlossaryEntry[]>()(
    z
      .strictObject({
        id: Id.optional(),
        term: z.string().trim().min(1).max(200),
        locale: Locale.nullable(),
        translation: z.string().trim().min(1).max(200).nullable(),
        doNotTranslate: z.boolean(),
      })
      .refine(
        (entry) => entry.doNotTranslate || (entry.translation !== null && entry.locale !== null),
        {
          message: 'a forced translation needs a locale and a translation',
          path: ['translation'],
        },
      ),
  ),
  'glossary.delete': method<GlossaryEntry[]>()(z.strictObject({ id: Id })),
} as const;
