import { describe, expect, it } from 'vitest';
import { answerProblems } from './answer-check.js';

describe('answerProblems', () => {
  const sources = ['https://help.example.com/de/abo-kuendigen'];

  it('passes a grounded answer citing an offered article', () => {
    expect(answerProblems('So kündigst du: Einstellungen › Abo. Mehr: https://help.example.com/de/abo-kuendigen', sources)).toEqual([]);
  });

  it.each<[string, string]>([
    ['', 'the answer is empty'],
    ['Schau hier: https://evil.example.net/login', 'links or addresses not in the help center or the chat: https://evil.example.net/login'],
    ['![x](https://help.example.com/de/abo-kuendigen)', 'images, HTML or mentions'],
    ['Hallo <b>du</b>', 'images, HTML or mentions'],
    ['Wir erstatten dir den Betrag.', 'it talks about refunds or credits'],
    ['We will refund you today.', 'it talks about refunds or credits'],
    ['Nous allons vous rembourser.', 'it talks about refunds or credits'],
  ])('%s', (answer, problem) => expect(answerProblems(answer, sources)).toContain(problem));
});
