import { describe, expect, it } from 'vitest';
import { findConcepts } from './concepts.js';
import { extractFeatures } from './classifier.js';
import { findCues, withCues } from './cues.js';

const cues = (text: string): string[] => findCues(text).map((m) => m.concept.id);
const concepts = (text: string, language = 'en'): string[] => extractFeatures(null, text, language).concepts.map((m) => m.concept.id);

describe('offline cues', () => {
  it('reads a negated money-back wish as no refund, in several languages', () => {
    expect(cues('I do not need a refund, just cancel it')).toContain('refund-negated');
    expect(cues('Das Geld will ich nicht zurück')).toContain('refund-negated');
    expect(cues('kein Geld zurück bitte')).toContain('refund-negated');
    expect(cues('Geld terug hoeft niet')).toContain('refund-negated');
    expect(cues('pas de remboursement, merci')).toContain('refund-negated');
    expect(cues('no quiero reembolso')).toContain('refund-negated');
  });

  it('keeps a refund that has not arrived yet a refund', () => {
    expect(cues("I still haven't received my refund")).toEqual(['money-back']);
    expect(cues('Bitte erstatten Sie mir den Betrag')).toEqual(['money-back', 'refund-demand']);
    expect(cues('Ich möchte das Abo beenden und den Betrag zurückerstattet haben')).toEqual(['money-back', 'refund-demand']);
    expect(cues('Ich habe noch keine Erstattung bekommen')).toEqual(['money-back']);
  });

  it('finds money asked back without the word "refund"', () => {
    expect(cues('Could you give me back the difference?')).toEqual(['money-back']);
    expect(cues('Is there any way to reverse this charge?')).toEqual(['money-back']);
    expect(cues("Pouvez-vous me rendre l'argent ?")).toEqual(['money-back']);
    expect(cues('Bitte den Betrag von 9,99 € zurücküberweisen')).toEqual(['money-back', 'refund-demand', 'amount']);
    expect(cues('pls undo the yearly purchase')).toEqual(['money-back', 'refund-demand']);
    expect(cues('The background of the payment page is blue')).toEqual([]);
    expect(cues('When I go back to the payment page it crashes')).toEqual([]);
    expect(cues('Der Betrag wurde wieder abgebucht, warum?')).toEqual([]);
    expect(cues('kriege ich die Kohle wieder?')).toEqual(['money-back']);
  });

  it('reads a worry about the next charge as a question, not a dispute', () => {
    expect(cues("I just don't want to be charged again")).toContain('charge-negated');
    expect(cues('they charged me without asking')).not.toContain('charge-negated');
    expect(concepts("How do I turn off auto-renewal? I don't want to be charged again.")).not.toContain('double-charge');
  });

  it('finds a negated ability, but not "cannot find" (a how-to question)', () => {
    expect(cues("I can't log in since Monday")).toEqual(['cannot']);
    expect(cues('ik kan niet meer inloggen')).toEqual(['cannot']);
    expect(cues("je n'arrive pas à me connecter")).toEqual(['cannot']);
    expect(cues('no puedo abrir mis apuntes')).toEqual(['cannot']);
    expect(cues("I can't find the export button")).toEqual([]);
  });

  it('finds amounts with a currency, an IBAN and order numbers', () => {
    expect(cues('I paid €59.99 and CHF 12.90')).toEqual(['amount']);
    expect(findCues('I paid €59.99 and CHF 12.90').find((m) => m.concept.id === 'amount')?.count).toBe(2);
    expect(cues('IBAN: DE89 3704 0044 0532 0130 00')).toEqual(['bank-account']);
    expect(cues('Bestellnummer: MT4K2LX9QP')).toEqual(['order-number']);
    expect(cues('Order GPA.3312-4471-2290-11873')).toEqual(['order-number']);
    expect(cues('I have 3 decks with 120 cards')).toEqual([]);
  });

  it('drops the lexicon refund match when every money-back word is negated, and never counts money back twice', () => {
    const text = 'I do not want a refund';
    expect(findConcepts(text).map((m) => m.concept.id)).toContain('refund');
    expect(withCues(findConcepts(text), findCues(text)).map((m) => m.concept.id)).not.toContain('refund');
    expect(concepts('I want a refund')).toEqual(['refund', 'refund-demand']);
    expect(concepts('Is a refund possible?')).toEqual(['refund']);
    expect(concepts('no refund needed, please just cancel')).toEqual(expect.arrayContaining(['refund-negated', 'cancel']));
  });
});
