import { describe, expect, it } from 'vitest';
import { customerText } from '../chatwoot/customer-text.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DETECTABLE_LANGUAGES, detectLanguage, draftLanguage } from './detect.js';
import type { EldDetector } from './eld-subset.js';

describe('detectLanguage', () => {
  it.each([
    ['de', 'Hallo, seit dem letzten Update stürzt die App beim Öffnen meiner Karteikarten ab. Was kann ich tun?'],
    ['nl', 'Hoi, ik kan mijn abonnement niet opzeggen in de app. Hoe doe ik dat?'],
    ['fr', "Bonjour, je voudrais être remboursé, j'ai été prélevé deux fois ce mois-ci."],
    ['en', 'Hi, how do I export my flashcards to a PDF file?'],
    ['it', 'Ciao, come posso cambiare la lingua delle mie schede?'],
    ['es', 'Hola, la aplicación se cierra cada vez que intento estudiar mis tarjetas.'],
    ['sv', 'Hej, jag har blivit debiterad två gånger och vill ha pengarna tillbaka.'],
    ['pt', 'Olá, não consigo entrar na minha conta desde ontem, o que devo fazer?'],
  ])('says %s for a %s ticket', (lang, text) => {
    expect(detectLanguage(text)).toEqual({ language: lang, reliable: true });
  });

  it('detects German on a German email with an English quoted reply and an English iPhone signature (via customerText)', () => {
    const email = [
      'Hallo zusammen,',
      '',
      'leider funktioniert der Export meiner Lernkarten immer noch nicht. Die App zeigt nur eine Fehlermeldung an.',
      '',
      'Viele Grüße',
      'Jonas',
      '',
      'Sent from my iPhone',
      '',
      'On Mon, 3 Mar 2025 at 10:00, Support Team <support@example.com> wrote:',
      '> Hi Jonas, thanks for reaching out! Could you please tell us which device you are using',
      '> and send us a screenshot of the problem? We are happy to help you with this issue.',
      '> Best regards, the support team',
    ].join('\n');
    const text = customerText({ content: email });
    expect(text).not.toContain('wrote:');
    expect(text).not.toContain('Sent from my iPhone');
    expect(detectLanguage(text).language).toBe('de');
    // Without the extraction, the English part would dominate the statistics of a short German message:
    expect(text.length).toBeLessThan(email.length / 2);
  });

  it('detects French on an HTML mail whose Gmail quote is English', () => {
    const html =
      '<div dir="ltr"><p>Bonjour,</p><p>Je ne trouve pas comment supprimer une carte de mon paquet. Pouvez-vous m\'aider ?</p><p>Merci</p></div>' +
      '<div class="gmail_quote"><div>On Tue, Mar 4, 2025 at 9:12 AM Support &lt;support@example.com&gt; wrote:</div>' +
      '<blockquote class="gmail_quote"><p>Hello, thank you very much for your message, we will get back to you as soon as we can with an answer.</p></blockquote></div>';
    expect(detectLanguage(customerText({ content: html })).language).toBe('fr');
  });

  it("returns 'unknown' for empty, numeric or unintelligible text", () => {
    expect(detectLanguage('')).toEqual({ language: 'unknown', reliable: false });
    expect(detectLanguage('   \n ')).toEqual({ language: 'unknown', reliable: false });
    expect(detectLanguage('12345 !!! https://example.com/a/b?c=1 x@y.example')).toEqual({ language: 'unknown', reliable: false });
    expect(detectLanguage('jjjjj kkkk ?? ,,, aaaa')).toEqual({ language: 'unknown', reliable: false });
  });

  it('gives a best guess marked unreliable for very short text', () => {
    const guess = detectLanguage('Danke!');
    expect(guess.reliable).toBe(false);
    expect(guess.language).toBe('de');
  });

  it('only answers with plausible languages (no Afrikaans/Frisian for Dutch-like short text)', () => {
    expect(['nl', 'unknown']).toContain(detectLanguage('Terugbetaling aub').language);
  });
});

describe('detectLanguage with context (short new text)', () => {
  it('reads "Merci !" as French, alone (courtesy-word prior) and with a French subject or thread', () => {
    expect(detectLanguage('Merci !')).toEqual({ language: 'fr', reliable: false });
    expect(detectLanguage('Merci !', { subject: 'Re: Votre question sur l’abonnement' }).language).toBe('fr');
    expect(detectLanguage('ok merci', { thread: ['Bonjour, je ne trouve pas comment exporter mes fiches en PDF.'] }).language).toBe('fr');
  });

  it('follows a German thread for a Swiss "Merci vielmal"-style short reply', () => {
    const thread = ['Grüezi, ich finde in den Einstellungen nicht, wo ich mein Abo kündigen kann. Können Sie mir helfen?'];
    expect(detectLanguage('Merci', { thread }).language).toBe('de');
  });

  it('lets a reliable subject outweigh eld on a few letters that carry no language ("ok thx" under a Dutch subject)', () => {
    const subject = 'Betaling mislukt bij het verlengen van mijn abonnement';
    expect(detectLanguage('ok thx', { subject }).language).toBe('nl');
    expect(detectLanguage('ok thx!!', { thread: ['Hoi, de quizzen laden niet meer sinds gisteren, het scherm blijft wit.'] }).language).toBe('nl');
    expect(detectLanguage('Aiuto', { subject: 'Non riesco ad accedere al mio account da stamattina' }).language).toBe('it');
    expect(detectLanguage('Merci !', { subject: 'Problème de synchronisation des cartes résolu' }).language).toBe('fr');
    expect(detectLanguage('Danke', { subject: 'Passwort zurücksetzen funktioniert jetzt wieder' }).language).toBe('de');
    // A courtesy word of the language still decides on its own, and a short text in another language than a
    // reliable subject keeps its own language when eld and the courtesy word agree.
    expect(detectLanguage('Gracias', { subject: 'Problème de synchronisation des cartes résolu' }).language).toBe('es');
  });

  it('does not let a one-word subject of uncertain language outweigh a short text that has one', () => {
    expect(detectLanguage('Danke', { subject: 'Password reset' }).language).toBe('de');
    expect(detectLanguage('Aiuto', { subject: 'Login' }).language).toBe('it');
    expect(detectLanguage('Merci !', { subject: 'Export' }).language).toBe('fr');
  });

  it('lets the function words of one language in a short follow-up outweigh a subject or thread in another', () => {
    const english = { subject: 'Cannot sync my flashcards after the update', previous: 'en' };
    expect(detectLanguage('Toujours rien ?', english)).toEqual({ language: 'fr', reliable: false });
    expect(detectLanguage('Rien ?', english).language).toBe('fr');
    expect(detectLanguage('Immer noch nichts?', english).language).toBe('de');
    expect(detectLanguage('Nog steeds niets?', english).language).toBe('nl');
    expect(detectLanguage('Todavía nada?', english).language).toBe('es');
    expect(detectLanguage('Ainda nada?', english).language).toBe('pt');
    const german = { thread: ['Hallo, seit dem Update werden meine Karteikarten nicht mehr synchronisiert. Was kann ich tun?'] };
    expect(detectLanguage('Any news?', german).language).toBe('en');
    expect(detectLanguage('Still nothing?', german).language).toBe('en');
    expect(detectLanguage('Toujours rien ?', german).language).toBe('fr');
  });

  it('keeps language-neutral short texts ("OK", "Thanks!", "+1", "??") on the subject and thread', () => {
    const german = { subject: 'Meine Karteikarten werden nach dem Update nicht mehr synchronisiert' };
    const dutch = { thread: ['Hoi, de quizzen laden niet meer sinds gisteren, het scherm blijft wit.'] };
    expect(detectLanguage('Thanks!', german).language).toBe('de');
    expect(detectLanguage('Thank you!', german).language).toBe('de');
    expect(detectLanguage('Okay, thanks', dutch).language).toBe('nl');
    expect(detectLanguage('Hello?', german).language).toBe('de');
    expect(detectLanguage('Please', dutch).language).toBe('nl');
    // Too little language to tell: 'unknown', which the caller replaces by the conversation's language.
    for (const text of ['OK', '+1', '??']) expect(detectLanguage(text, german).language).toBe('unknown');
    // Without a context the English courtesy word still decides.
    expect(detectLanguage('Thanks!').language).toBe('en');
    expect(detectLanguage('ok thx').language).toBe('en');
  });

  it('uses the conversation language when subject and thread say nothing', () => {
    expect(detectLanguage('Bedankt!', { previous: 'nl' }).language).toBe('nl');
    expect(detectLanguage('Grazie', { subject: '', thread: [], previous: 'it' }).language).toBe('it');
  });

  it('ignores the context for a text that is reliable on its own, and keeps "unknown" for no language', () => {
    const german = 'Hallo, seit dem letzten Update stürzt die App beim Öffnen meiner Karteikarten ab.';
    expect(detectLanguage(german, { subject: 'Question about my account', previous: 'en' })).toEqual({ language: 'de', reliable: true });
    expect(detectLanguage('12345 !!!', { subject: 'Remboursement', previous: 'fr' })).toEqual({ language: 'unknown', reliable: false });
  });
});

describe('draftLanguage', () => {
  it('keeps the intended language when the draft is in it, or too short to tell', () => {
    expect(draftLanguage('Hallo Mia,\n\ndanke für deine Nachricht. [Antwort auf das Anliegen]\n\nViele Grüße', 'de')).toEqual({ language: 'de', mismatch: false });
    expect(draftLanguage('[Answer]', 'fr')).toEqual({ language: 'fr', mismatch: false });
  });

  it('names the language a draft is really written in', () => {
    const english = 'Hi,\n\nthanks for letting us know, and sorry that the app is getting in the way of your studying. We are looking into it.';
    expect(draftLanguage(english, 'pl')).toEqual({ language: 'en', mismatch: true });
  });
});

describe('createSubsetDetector', () => {
  const LANGUAGES = ['de', 'fr'];

  it('extracts the subset once into a cache file, then builds eld from that file', async () => {
    const { createSubsetDetector } = await import('./eld-subset.js');
    const dir = mkdtempSync(join(tmpdir(), 'eld-cache-test-'));
    try {
      const first = createSubsetDetector(LANGUAGES, { cacheDirs: [join(dir, 'not-yet'), dir] });
      expect(first.source).toBe('extracted');
      expect(readdirSync(join(dir, 'not-yet'))).toEqual([expect.stringMatching(/^small-.+-de-fr\.compact\.json$/)]);
      const second = createSubsetDetector(LANGUAGES, { cacheDirs: [dir, join(dir, 'not-yet')] });
      expect(second.source).toBe('cache');
      expect(second.grams).toBe(first.grams);
      expect(second.detector.detect('Bonjour, je voudrais changer mon abonnement annuel.').language).toBe('fr');
      expect(['de', 'fr']).toContain(second.detector.detect('Hoi, ik wil mijn abonnement opzeggen.').language);
      // A damaged cache file is rebuilt, not trusted.
      const [file] = readdirSync(join(dir, 'not-yet'));
      writeFileSync(join(dir, 'not-yet', file!), '{"format":"triage-eld-compact-1"');
      expect(createSubsetDetector(LANGUAGES, { cacheDirs: [join(dir, 'not-yet')] }).source).toBe('extracted');
      expect(readdirSync(join(dir, 'not-yet'))).toEqual([file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still detects when no cache folder can be written (extracted for this process only)', async () => {
    const { createSubsetDetector } = await import('./eld-subset.js');
    // A folder under a file can never be made.
    const { source, detector } = createSubsetDetector(LANGUAGES, { cacheDirs: [join(import.meta.filename, 'cache')] });
    expect(source).toBe('uncached');
    expect(detector.detect('Guten Tag, die App stürzt beim Öffnen ab.').language).toBe('de');
  });

  it("scores every text exactly as eld's own 60-language table restricted to the same languages", async () => {
    const { createSubsetDetector } = await import('./eld-subset.js');
    const { eld } = (await import('eld/small')) as unknown as { eld: EldDetector };
    eld.setLanguageSubset([...DETECTABLE_LANGUAGES]);
    const ours = createSubsetDetector(DETECTABLE_LANGUAGES).detector;
    const dir = join(import.meta.dirname, '../../../tickets');
    const texts = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .slice(0, 150)
      .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { body: string }).body);
    texts.push('Merci !', 'ok danke', 'Olá, bom dia', 'Hej! Appen kraschar.', '€€€ 12,50', 'ÀÉÎÕÜ ßæøå');
    for (const text of texts) {
      const expected = eld.detect(text);
      const actual = ours.detect(text);
      expect({ text, language: actual.language, scores: actual.getScores() }).toEqual({ text, language: expected.language, scores: expected.getScores() });
    }
  });
});
