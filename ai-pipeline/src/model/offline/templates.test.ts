import { describe, expect, it } from 'vitest';
import { humanName } from '../../jobs/conversation-context.js';
import { draftTemplate } from './templates.js';

/** The greeting line of the template draft for a contact, as the pipeline builds it (contact name → humanName → template). */
function greeting(name: string, email: string, language = 'de', customerText = 'Sehr geehrte Damen und Herren, ich habe eine Frage.'): string {
  const draft = draftTemplate({ language, category: 'other', contactName: humanName(name, email), followUp: false, customerText });
  return draft.split('\n')[0] ?? '';
}

describe('template greeting: a name only when it is a person’s', () => {
  it('greets people by name', () => {
    expect(greeting('Katrin Almeroth', 'katrin.almeroth@praxis-almeroth.example')).toBe('Guten Tag Katrin Almeroth,');
    expect(greeting('Stefan Brunner', 's.brunner@brunner-haustechnik.example')).toBe('Guten Tag Stefan Brunner,');
    expect(greeting('Anna Keller', 'anna@example.com', 'en', 'Hi, a question.')).toBe('Hi Anna,');
  });

  it('does not greet a company, a department or a mailbox as if it were a person', () => {
    // The organisation the address belongs to, and a department of it.
    expect(greeting('Schreinerei Albrecht Einkauf', 'einkauf@schreinerei-albrecht.example')).toBe('Guten Tag,');
    expect(greeting('Boulangerie du Port', 'contact@boulangerie-du-port.example', 'fr', 'Bonjour, une question.')).toBe('Bonjour,');
    // A legal form says it is a company.
    expect(greeting('Keller Bau GmbH', 'office@kb.example')).toBe('Guten Tag,');
    expect(greeting('Van Dijk Logistiek B.V.', 'mail@vdl.example', 'nl', 'Geachte heer, mevrouw,')).toBe('Goedendag,');
    expect(greeting('Northwind Ltd', 'team@nw.example', 'en', 'Hello, a question.')).toBe('Hi,');
    // Role mailboxes.
    for (const role of ['Info', 'Support', 'noreply', 'No-Reply', 'Buchhaltung', 'Kundenservice', 'Accounting Team', 'Secretaría']) {
      expect(greeting(role, 'x@y.example'), role).toBe('Guten Tag,');
    }
  });
});
