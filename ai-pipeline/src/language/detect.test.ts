import { describe, expect, it } from 'vitest';
import { customerText } from '../chatwoot/customer-text.js';
import { detectLanguage } from './detect.js';

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
