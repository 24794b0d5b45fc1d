/**
 * Titles, bullets and descriptions in the style sellers write them: keyword-stacked, in the site's
 * language, sometimes decorated with emoji, sometimes run up to the 200-character limit.
 */
import type { AxisValue, Family, VariantAxis } from './families.js';
import type { Random } from './random.js';
import { EMOJI, STYLES, colourName, type Language } from './vocabulary.js';

/** Amazon's title limit, which sellers elsewhere also tend to fill. */
export const MAX_TITLE_LENGTH = 200;
/** A "very long" title is run at least this far. */
export const LONG_TITLE_LENGTH = 150;

export interface TitleOptions {
  long: boolean;
  emoji: boolean;
}

/** The variation values as a buyer reads them in `language` (colours translated). */
export function axisLabels(
  family: Family,
  values: readonly AxisValue[],
  language: Language,
): string[] {
  return values.map((value, index) => {
    const axis: VariantAxis | undefined = family.axes[index];
    return axis?.translated ? colourName(value.code, language) : value.label;
  });
}

export function composeTitle(
  random: Random,
  language: Language,
  family: Family,
  attributeLabels: readonly string[],
  options: TitleOptions,
): string {
  const style = STYLES[language];
  const noun = family.noun[language];
  const adjectives = random.sample(style.adjectives, random.int(1, 3));
  const [lead = '', ...rest] = adjectives;
  const parts = style.nounFirst ? [noun, ...adjectives] : [`${lead} ${noun}`, ...rest];
  parts.push(...attributeLabels);
  if (options.long) {
    const fillers = random.sample(
      [...style.extras, ...style.adjectives.filter((a) => !adjectives.includes(a))],
      99,
    );
    let length = parts.join(style.separator).length;
    for (const filler of fillers) {
      if (length >= LONG_TITLE_LENGTH) break;
      if (length + style.separator.length + filler.length > MAX_TITLE_LENGTH) continue;
      parts.push(filler);
      length += style.separator.length + filler.length;
    }
  }
  const title = parts.join(style.separator);
  if (!options.emoji) return title;
  // Two code points each side at most, still within the limit for all but the longest titles.
  const decorated = `${random.pick(EMOJI)} ${title} ${random.pick(EMOJI)}`;
  return decorated.length <= MAX_TITLE_LENGTH ? decorated : title;
}

export function composeBullets(random: Random, language: Language, count: number): string[] {
  return random.sample(STYLES[language].bullets, count);
}

/** A short description: the title restated, then the bullets, one per line. */
export function composeDescription(title: string, bullets: readonly string[]): string {
  return [title, ...bullets].join('\n');
}

/** Search keywords as sellers enter them: lower-case words from the noun and the adjectives. */
export function composeKeywords(random: Random, language: Language, family: Family): string[] {
  const style = STYLES[language];
  const words = [family.noun[language], ...random.sample(style.adjectives, 3)];
  return words.map((word) => word.toLocaleLowerCase(language));
}
