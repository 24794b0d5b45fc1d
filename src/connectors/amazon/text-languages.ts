/**
 * Title and description patches of patchListingsItem. Amazon keeps a text attribute (item_name,
 * product_description) as an array of `{ value, language_tag, marketplace_id }`, one entry per
 * language the marketplace lists in (Amazon.ca: en_CA and fr_CA). A JSON Patch `replace` sets the
 * whole attribute, so a write of one language must carry every other language's entry too, or
 * that language's text is dropped: a change with `languages` sends them all in one replace.
 */
import type { ListingChangesInput } from '../connector.js';
import type { FeedPatch } from './feeds.js';

export interface TextIdentity {
  marketplaceId: string;
  /** The account's own language (BCP 47), the first entry of each attribute. */
  locale: string;
}

/** Amazon's tag style: en-CA → en_CA. */
export function languageTag(locale: string): string {
  return locale.replace('-', '_');
}

function entry(identity: TextIdentity, locale: string, value: string) {
  return { value, language_tag: languageTag(locale), marketplace_id: identity.marketplaceId };
}

/**
 * Why the change's texts cannot be sent, or null. Checked before any request: an empty title or
 * description, a language given twice, or `languages` that disagree with `title`/`description`
 * or do not start with the account's own language.
 */
export function textProblem(identity: TextIdentity, changes: ListingChangesInput): string | null {
  if ([changes.title, changes.description].some((text) => text !== undefined && text.trim() === ''))
    return 'Title and description must not be empty';
  const languages = changes.languages;
  if (languages === undefined) return null;
  const [first] = languages;
  if (!first || languageTag(first.locale) !== languageTag(identity.locale))
    return `The texts must start with the account's own language ${identity.locale}`;
  if (changes.title !== undefined && changes.title !== first.title)
    return `The ${first.locale} title differs from the title to write`;
  if (changes.description !== undefined && changes.description !== first.description)
    return `The ${first.locale} description differs from the description to write`;
  const seen = new Set<string>();
  for (const text of languages) {
    const tag = languageTag(text.locale);
    if (!/^[a-z]{2,3}_[A-Z0-9]{2,3}$/.test(tag))
      return `${text.locale} is not a language and region such as fr-CA`;
    if (seen.has(tag)) return `The ${text.locale} text is given twice`;
    seen.add(tag);
    if (text.title.trim() === '') return `The ${text.locale} title must not be empty`;
  }
  return null;
}

/**
 * The replace patches of a change's texts: with `languages`, each attribute carries one entry per
 * language in the given order (a language without a description is left out of
 * product_description, where Amazon has no empty values; without one in the account's own
 * language, product_description is not written); otherwise only the account's language.
 */
export function textPatches(identity: TextIdentity, changes: ListingChangesInput): FeedPatch[] {
  const patches: FeedPatch[] = [];
  const languages = changes.languages;
  if (languages !== undefined) {
    patches.push({
      op: 'replace',
      path: '/attributes/item_name',
      value: languages.map((text) => entry(identity, text.locale, text.title)),
    });
    // Without a description in the account's own language the attribute is left as it is
    // (a replace without that entry would remove it).
    const described = languages.filter((text) => text.description.trim() !== '');
    if (described[0] === languages[0])
      patches.push({
        op: 'replace',
        path: '/attributes/product_description',
        value: described.map((text) => entry(identity, text.locale, text.description)),
      });
    return patches;
  }
  if (changes.title !== undefined)
    patches.push({
      op: 'replace',
      path: '/attributes/item_name',
      value: [entry(identity, identity.locale, changes.title)],
    });
  if (changes.description !== undefined)
    patches.push({
      op: 'replace',
      path: '/attributes/product_description',
      value: [entry(identity, identity.locale, changes.description)],
    });
  return patches;
}
