import { describe, expect, it } from 'vitest';
import { asksForHuman, decideBotTurn, handoverMessage, repeatsItself, type BotTurnFacts } from './handoff.js';

const base: BotTurnFacts = {
  status: 'pending',
  assigneeId: null,
  humanReplied: false,
  customerText: 'Wie kann ich mein Abo kündigen?',
  earlierCustomerTexts: [],
  botTurns: 0,
  maxTurns: 4,
  modelFailed: false,
  sensitive: false,
  confidence: 0.9,
  minConfidence: 0.6,
  articleMatched: true,
};

describe('asksForHuman', () => {
  it.each([
    'ich möchte mit einem Menschen sprechen',
    'Kann ich bitte mit einer Person reden?',
    'I want to talk to a human',
    'can I speak with a real person please',
    'Je voudrais parler à un humain',
    'Vorrei parlare con un operatore',
    'Quiero hablar con una persona',
    'Ik wil met een medewerker praten',
  ])('%s', (text) => expect(asksForHuman(text)).toBe(true));

  it.each(['Wie kann ich mein Abo kündigen?', 'The person on the invoice is wrong', 'Human anatomy flashcards do not load'])('not: %s', (text) =>
    expect(asksForHuman(text)).toBe(false),
  );
});

describe('repeatsItself', () => {
  it('sees the same question again, not a new one', () => {
    expect(repeatsItself('Wie kann ich mein Abo kündigen??', ['wie kann ich mein abo kündigen'])).toBe(true);
    expect(repeatsItself('Und wie ändere ich meine E-Mail-Adresse?', ['Wie kann ich mein Abo kündigen?'])).toBe(false);
    expect(repeatsItself('?', ['?'])).toBe(false);
  });
});

describe('decideBotTurn', () => {
  it('answers a confident, documented question while pending and unassigned', () => {
    expect(decideBotTurn(base)).toEqual({ kind: 'answer' });
  });

  it.each<[Partial<BotTurnFacts>, ReturnType<typeof decideBotTurn>]>([
    [{ status: 'open' }, { kind: 'silent', reason: 'the conversation is open, not pending' }],
    [{ assigneeId: 7 }, { kind: 'silent', reason: 'a person is assigned' }],
    [{ noAutoReplyLabel: true, customerText: 'ich möchte mit einem Menschen sprechen' }, { kind: 'silent', reason: 'the conversation has the label no-auto-reply' }],
    [{ humanReplied: true, customerText: 'ich möchte mit einem Menschen sprechen' }, { kind: 'silent', reason: 'a person has replied' }],
    [{ customerText: 'ich möchte mit einem Menschen sprechen' }, { kind: 'handover', reason: 'the customer asked for a person' }],
    [{ modelFailed: true }, { kind: 'handover', reason: 'the model is unavailable' }],
    [{ sensitive: true }, { kind: 'handover', reason: 'sensitive category' }],
    [{ botTurns: 4 }, { kind: 'handover', reason: 'the bot has answered 4 times (BOT_MAX_TURNS)' }],
    [{ earlierCustomerTexts: ['Wie kann ich mein Abo kündigen'] }, { kind: 'handover', reason: 'the customer repeated themselves' }],
    [{ articleMatched: false }, { kind: 'handover', reason: 'no help-center article matched' }],
    [{ confidence: 0.5 }, { kind: 'handover', reason: 'confidence 0.50 is below 0.60' }],
  ])('%o', (change, action) => expect(decideBotTurn({ ...base, ...change })).toEqual(action));

  it('tells the customer in their language', () => {
    expect(handoverMessage('de')).toBe('Ich gebe dich an eine Person aus unserem Team weiter; sie antwortet dir hier so bald wie möglich.');
    expect(handoverMessage('xx')).toBe(handoverMessage('en'));
  });
});
