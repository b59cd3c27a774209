import { normalizeText } from './text.js';

/**
 * A follow-up nudge: the customer's whole new text (the quoted earlier mail is already cut off by customerText) is one
 * line asking for news ("any update?", "toujours rien ?", "und?", "nog nieuws?", "novità?") or saying they have the
 * same problem ("+1", "same here", "ich auch", "moi aussi"). Such a line names no topic of its own: the topic is the
 * thread's (its subject), and its words must not pull the category anywhere ("any update" in a mail about a bug is no
 * refund request).
 */
export type Nudge = 'update' | 'same';

/** Greetings, thanks, politeness and addressees around the nudge: "Hi team, any update? Thanks". */
const FILLER = new Set(
  `hi hello hey dear team guys folks all everyone again please pls plz thanks thank you thx regards cheers
   hallo hoi liebe lieben zusammen ihr servus moin bitte danke dank vielen gruss grusse lg mfg
   allemaal iedereen beste groet groetjes bedankt alvast
   bonjour salut coucou svp stp merci cordialement bonne journee
   ciao salve buongiorno grazie saluti
   hola buenas buenos dias gracias saludos
   hej hejsan tack mvh halsningar
   ola oi bom dia obrigado obrigada abracos cumprimentos`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

const UPDATE = new RegExp(
  '^(?:' +
    [
      // English
      'any (?:update|updates|news|progress)(?: on this| here)?', 'is there any (?:update|news|progress)', 'anything new',
      'still nothing', 'still waiting', 'still no (?:answer|reply|response|news|update)', 'bump', 'and',
      // German
      'und', 'gibt es (?:schon )?(?:was )?(?:neues|neuigkeiten|ein update)', '(?:schon )?(?:was )?neues', 'neuigkeiten',
      '(?:immer )?noch nichts', 'schon was gehort',
      // Dutch
      '(?:is er )?(?:al |nog )?nieuws', 'nog steeds niets', '(?:al )?een update', 'en', 'al iets bekend',
      // French
      'toujours rien', 'toujours pas de (?:reponse|nouvelles)', '(?:des |du )?nouvelles', 'du nouveau', 'alors',
      '(?:avez vous|vous avez) (?:des|du) (?:nouvelles|nouveau)',
      // Italian
      '(?:ci sono )?(?:novita|aggiornamenti)', 'qualche (?:novita|aggiornamento)', 'ancora niente', 'allora', 'e allora',
      // Spanish
      '(?:hay )?(?:alguna )?(?:novedad|novedades)', 'alguna (?:novedad|actualizacion)', 'todavia nada', 'sigo esperando', 'y',
      // Swedish
      '(?:nagra )?nyheter', 'nagot nytt', 'fortfarande inget', 'och',
      // Portuguese
      '(?:alguma )?(?:novidade|novidades|atualizacao)', 'ainda nada', 'e entao', 'e ai',
    ].join('|') +
    ')$',
);

/** Bare conjunctions ("und?", "en?", "alors ?") are a nudge only as a question. */
const NEEDS_QUESTION = new Set(['and', 'und', 'en', 'alors', 'allora', 'y', 'och', 'e ai', 'e entao', 'e allora']);

const SAME = new RegExp(
  '^(?:' +
    [
      'plusone', 'same', 'same here', 'me too', 'same (?:problem|issue)(?: here)?', 'i have the same (?:problem|issue)',
      'ich auch', 'gleiches problem', 'dasselbe problem', 'geht mir genauso',
      'ik ook', 'hetzelfde(?: hier| probleem)?', 'zelfde probleem',
      'moi aussi', 'pareil(?: pour moi)?', 'meme probleme',
      'anche (?:io|a me)', 'stesso problema',
      'yo tambien', 'a mi tambien', 'mismo problema', 'el mismo problema',
      'jag ocksa', 'samma (?:har|problem)',
      'eu tambem', 'mesmo problema', 'o mesmo problema',
    ].join('|') +
    ')$',
);

/** The longest text, in words, that can be a nudge (greetings and thanks included). */
const MAX_WORDS = 12;

/** Which nudge `text` (the customer's new text, quote removed) is, or null when it says anything more. */
export function nudgeOf(text: string): Nudge | null {
  const normalised = normalizeText(text).replace(/\+\s*1(?!\d)/g, ' plusone ');
  const all = normalised.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  if (all.length === 0 || all.length > MAX_WORDS) return null;
  // A name signing off on a line of its own ("Any update?\nLea") is no part of the nudge.
  const lines = text.trim().split(/\n+/);
  const signature = lines.length > 1 && /^\s*\p{Lu}\p{L}+[.,!]?\s*$/u.test(lines[lines.length - 1] ?? '') ? normalizeText(lines[lines.length - 1] ?? '').replace(/[^\p{L}]/gu, '') : null;
  const rest = all.filter((w, i) => !FILLER.has(w) && !(signature !== null && i === all.length - 1 && w === signature)).join(' ');
  if (rest === '') return null;
  if (SAME.test(rest)) return 'same';
  if (!UPDATE.test(rest)) return null;
  return NEEDS_QUESTION.has(rest) && !text.includes('?') ? null : 'update';
}
