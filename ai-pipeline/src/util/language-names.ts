/**
 * English names of languages ("de" → "German"). Intl.DisplayNames is built at the first call, not at import: building
 * it maps ICU's locale data into memory (~6 MB RSS), which an idle pipeline does not need before its first note.
 */
let names: Intl.DisplayNames | null = null;

/** The English name of an ISO 639 code; undefined when ICU has none; throws RangeError for a malformed code. */
export function englishLanguageName(code: string): string | undefined {
  names ??= new Intl.DisplayNames(['en'], { type: 'language' });
  return names.of(code);
}
