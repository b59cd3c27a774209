/** Postgres text-search configurations by ISO 639-1 code (all ship with Postgres); anything else uses `simple`. */
const REGCONFIG: Record<string, string> = {
  en: 'english',
  de: 'german',
  fr: 'french',
  nl: 'dutch',
  it: 'italian',
  es: 'spanish',
  pt: 'portuguese',
  sv: 'swedish',
  da: 'danish',
  no: 'norwegian',
  nb: 'norwegian',
  fi: 'finnish',
  ru: 'russian',
  hu: 'hungarian',
  ro: 'romanian',
  tr: 'turkish',
};

/** `pt_BR`, `pt-br`, `PT` → `pt`; empty or unknown → `unknown`. Pure. */
export function normaliseLocale(locale: string | null | undefined): string {
  const code = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2,3}$/.test(code) ? code : 'unknown';
}

/** The Postgres regconfig that stems a language's words. Pure. */
export function regconfigFor(locale: string): string {
  return REGCONFIG[normaliseLocale(locale)] ?? 'simple';
}
