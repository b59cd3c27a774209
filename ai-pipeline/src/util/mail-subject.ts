/**
 * The prefixes mail clients put before a subject for a reply or a forward, in the languages served, one definition for
 * every reader of a subject. Outlook translates them: a reply is "Re:" (en, fr, es), "AW:" (de, "Antwort"), "Antw:"
 * (nl), "SV:" (sv, da, no, "svar"), "R:" (it, "risposta"), "Res:" (pt, "resposta"); a forward is "Fw:"/"Fwd:" (en),
 * "WG:" (de, "weitergeleitet"), "Doorst:" (nl), "TR:" (fr, "transféré"), "I:"/"Inoltro:" (it, "inoltro"), "RV:" (es,
 * "reenviado"), "Enc:" (pt, "encaminhado"), "VB:" (sv, "vidarebefordrat"), "VS:" (da, no, "videresendt"). Note that
 * "RV:" starts like a reply but is a Spanish forward, and Italian "R:" is a reply while "I:" is a forward.
 */

export const REPLY_PREFIXES: readonly string[] = ['re', 'aw', 'antw', 'sv', 'r', 'res'];
export const FORWARD_PREFIXES: readonly string[] = ['fw', 'fwd', 'wg', 'doorst', 'tr', 'i', 'inoltro', 'rv', 'enc', 'vb', 'vs'];

/** One prefix with an optional count ("Re[2]:", "AW [3]:") and its colon. */
function prefixPattern(prefixes: readonly string[]): string {
  return `(?:${prefixes.join('|')})\\s*(?:\\[\\d+\\])?\\s*:\\s*`;
}

const REPLY = prefixPattern(REPLY_PREFIXES);
const FORWARD = prefixPattern(FORWARD_PREFIXES);
/** A subject that starts with a reply prefix. */
const REPLY_SUBJECT = new RegExp(`^\\s*${REPLY}`, 'i');
/** A forward prefix, possibly behind reply prefixes ("Re: Fwd: …": a reply to a forward that carries the request). */
const FORWARD_SUBJECT = new RegExp(`^\\s*(?:${REPLY})*${FORWARD}`, 'i');

/** A reply's subject ("Re: …", "AW: …", "Antw: …", "R: …"): its topic is the earlier mail's. A forward ("RV: …", "I: …") is not. */
export function isReplySubject(subject: string): boolean {
  return REPLY_SUBJECT.test(subject);
}

/** A forward's subject ("Fwd: …", "WG: …", "RV: …", "I: …", also under reply prefixes: "Re: Fwd: …"). */
export function isForwardSubject(subject: string): boolean {
  return FORWARD_SUBJECT.test(subject);
}
