import { languageName } from '../triage/notes.js';

/**
 * Model text made inert inside a Chatwoot note: no links, mentions (`mention://`), images or raw HTML;
 * line breaks, emphasis and list markers survive. TODO(lead): switch to the shared neutralise module (triage/) once merged.
 */
export function neutralise(text: string): string {
  return text.replace(/([\\`[\]<>!|#])/g, '\\$1').replace(/mention:\/\//gi, 'mention:\u200b//').slice(0, 20_000);
}

export function translateMarker(jobKey: string): string {
  return `ai-triage ref ${jobKey}/translation`;
}

const withMarker = (lines: string[], jobKey: string) => `${lines.join('\n').trim()}\n\n_${translateMarker(jobKey)}_`;

function quoted(text: string): string[] {
  return neutralise(text)
    .split('\n')
    .map((l) => `> ${l}`);
}

export function translationNote(jobKey: string, language: string, translation: string, backTranslation: string, heading: string): string {
  return withMarker(
    [
      `**🌐 ${heading}** · ${languageName(language)}`,
      '',
      '---',
      '',
      neutralise(translation),
      '',
      '---',
      '**Back-translation (English), to check the meaning:**',
      ...quoted(backTranslation),
    ],
    jobKey,
  );
}

export function translateProblemNote(jobKey: string, problem: string): string {
  return withMarker([`**🌐 Translation not done** — ${problem}`], jobKey);
}
