import { describe, expect, it } from 'vitest';
import { customerOwnText, customerText } from '../../chatwoot/customer-text.js';
import { humanName } from '../../jobs/conversation-context.js';
import type { DraftInput } from '../provider.js';
import { createOfflineProvider } from './index.js';
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

describe('template drafts for a team that configured its own product', () => {
  /** Study wording of the built-in product, in the template languages. */
  const STUDY = /stud|lern|révision|estud|studi/i;
  const texts: [string, string][] = [
    ['en', 'The export is broken.'],
    ['de', 'Sehr geehrte Damen und Herren, der Export geht nicht.'],
    ['de', 'Hey, kannst du mir helfen? Der Export geht nicht.'],
    ['nl', 'Geachte heer, mevrouw, de export werkt niet.'],
    ['nl', 'Hoi, kun je me helpen? Ik snap het niet.'],
    ['fr', "Bonjour, l'export ne marche pas, pouvez-vous m'aider ?"],
    ['fr', "Salut, tu peux m'aider ? L'export plante."],
    ['it', 'Gentile team, la esportazione non funziona.'],
    ['it', 'Ciao Marco, puoi aiutarmi? Non va.'],
    ['es', 'Estimados, la exportación no funciona.'],
    ['es', '¿Puedes ayudarme? No funciona.'],
    ['pt', 'Oi, vocês podem me ajudar? A exportação não funciona no celular.'],
    ['pt', 'Bom dia, a exportação não funciona no telemóvel, o senhor pode ajudar?'],
    ['pt', 'Olá, podes ajudar-me? A exportação não funciona no telemóvel.'],
    ['sv', 'Hej, exporten fungerar inte.'],
  ];

  it('the bug-report draft has no study-app wording, in every language and register', () => {
    for (const [language, customerText] of texts) {
      const draft = draftTemplate({ language, category: 'bug-report', contactName: null, followUp: false, customerText });
      expect(draft, `${language}: ${customerText}`).not.toMatch(STUDY);
      // Still the same request for details, and still a template to fill.
      expect(draft).toMatch(/\[[^\]]+\]/);
    }
  });

});

describe('Portuguese drafts: European or Brazilian, as the customer writes', () => {
  const draft = (customerText: string) => draftTemplate({ language: 'pt', category: 'product-question', contactName: 'Rita Lopes', followUp: false, customerText });
  const european = /Equipa de apoio/;
  const brazilian = /Equipe de suporte/;

  it('reads European Portuguese by its words, also those that end in an accented letter', () => {
    expect(draft('O ecrã fica preto quando abro a aplicação.')).toMatch(european);
    expect(draft('Bom dia, gostava de saber como partilho um ficheiro com a turma toda.')).toMatch(european);
    expect(draft('O meu rato deixou de funcionar na versão para computador e a palavra-passe não é aceite.')).toMatch(european);
    expect(draft('Sou estudante de engenharia eletrónica, o programa académico inclui isto?')).toMatch(european);
  });

  it('reads Brazilian Portuguese by its words, "você" included', () => {
    expect(draft('Você sabe por que a tela fica preta?')).toMatch(brazilian);
    expect(draft('Quero compartilhar um arquivo com a turma, você pode me ajudar?')).toMatch(brazilian);
    expect(draft('Sou estudante de engenharia eletrônica, o programa acadêmico inclui isto?')).toMatch(brazilian);
  });

  it('does not take ordinary Brazilian words for European ones', () => {
    // "gostava" as the past it is in Brazil, the battery that "descarrega", "rato" the animal, "uma pá de" (a lot of).
    expect(draft('Eu gostava muito do app antes da atualização, agora não abre mais.')).toMatch(brazilian);
    expect(draft('Minha bateria descarrega rápido desde a última versão.')).toMatch(brazilian);
    expect(draft('Depois que descarreguei o caminhão não consegui mais registrar a entrega.')).toMatch(brazilian);
    expect(draft('Tem um rato no depósito e ele roeu o cabo do leitor.')).toMatch(brazilian);
    expect(draft('Tem uma pá de gente reclamando que o login falha.')).toMatch(brazilian);
    expect(draft('Obrigadinha pela ajuda, já funciona de novo.')).toMatch(brazilian);
    // "estar a par" (to know about) is no "estar a" + infinitive.
    expect(draft('Já estou a par do problema, só queria saber o prazo.')).toMatch(brazilian);
    // The European uses stay European.
    expect(draft('Gostava de saber se posso pedir a fatura em nome da empresa.')).toMatch(european);
    expect(draft('Ó pá, o login não dá, já tentei três vezes.')).toMatch(european);
    expect(draft('Não consigo descarregar o ficheiro da fatura.')).toMatch(european);
  });
});

describe('a linked help-center article is introduced in the draft’s own variant', () => {
  const article = { title: 'Partilhar um deck', url: 'https://help.example/pt/partilhar' };
  it('European Portuguese: "centro de ajuda", not the Brazilian "central de ajuda"', () => {
    const pt = draftTemplate({ language: 'pt', category: 'product-question', contactName: null, followUp: false, article, customerText: 'Gostava de saber como partilho um ficheiro no telemóvel.' });
    expect(pt).toMatch(/Equipa de apoio/);
    expect(pt).toContain('centro de ajuda');
    expect(pt).not.toContain('central de ajuda');
    const br = draftTemplate({ language: 'pt', category: 'product-question', contactName: null, followUp: false, article, customerText: 'Você sabe como compartilho um arquivo no celular?' });
    expect(br).toContain('central de ajuda');
  });
});

describe('template greeting: the name in the form the register needs', () => {
  const informal = (name: string, language = 'de', text = 'Hey, kannst du mir helfen?') =>
    (draftTemplate({ language, category: 'other', contactName: humanName(name, 'x@mail.example'), followUp: false, customerText: text }).split('\n')[0] ?? '');
  it('an informal greeting uses the first name, never a title', () => {
    expect(informal('Dr. Anna Keller')).toBe('Hallo Anna,');
    expect(informal('Prof. Dr. Jonas Weber')).toBe('Hallo Jonas,');
    expect(informal('Mrs. Sarah Miller', 'en', 'Hi, can you help?')).toBe('Hi Sarah,');
    // Title and surname only: no first name to use.
    expect(informal('Herr Müller')).toBe('Hallo,');
    expect(informal('Mme Lefèvre', 'fr', 'Salut, tu peux m’aider ?')).toBe('Salut,');
  });
  it('a title that is also a name counts as one only with its dot, or before a first name and a surname', () => {
    // "Ing" is a Swedish first name, "Sig" a short Sigurd, "Me" a given name: without a dot and with only a surname after, a name.
    expect(informal('Ing Larsson', 'en', 'Hi, can you help?')).toBe('Hi Ing,');
    expect(informal('Sig Nordahl', 'en', 'Hi, can you help?')).toBe('Hi Sig,');
    expect(informal('Me Linh', 'en', 'Hi, can you help?')).toBe('Hi Me,');
    // With the dot, or before first name and surname, the title of an engineer, a signore, a maître.
    expect(informal('Ing. Larsson', 'en', 'Hi, can you help?')).toBe('Hi,');
    expect(informal('Ing. Peter Huber')).toBe('Hallo Peter,');
    expect(informal('Ing Peter Huber')).toBe('Hallo Peter,');
    expect(informal('Sig. Marco Rossi', 'it', 'Ciao, puoi aiutarmi?')).toBe('Ciao Marco,');
    expect(informal('Me Claire Dubois', 'fr', 'Salut, tu peux m’aider ?')).toBe('Salut Claire,');
  });
});

describe('template greeting: a name typed all in capitals or all in lower case', () => {
  const formal = (name: string, language = 'de', text = 'Sehr geehrte Damen und Herren,') =>
    (draftTemplate({ language, category: 'other', contactName: humanName(name, 'x@mail.example'), followUp: false, customerText: text }).split('\n')[0] ?? '');
  it('is written the way a name is written', () => {
    expect(formal('FLORIAN WIMMER')).toBe('Guten Tag Florian Wimmer,');
    expect(formal('anna van dijk', 'nl', 'Geachte heer, mevrouw,')).toBe('Beste Anna van Dijk,');
    expect(formal('JEAN-LUC DE LA FONTAINE', 'es', 'Estimados señores:')).toBe('Buenos días, Jean-Luc de la Fontaine:');
    expect(formal('élodie perrin', 'fr', 'Bonjour, pourriez-vous m’aider ?')).toBe('Bonjour Élodie,');
  });
  it('a particle that ends the name is the surname and keeps its capital', () => {
    expect(formal('DAVID LE')).toBe('Guten Tag David Le,');
    expect(formal('KIM DO')).toBe('Guten Tag Kim Do,');
    expect(formal('john du', 'en', 'Dear Sir or Madam,')).toBe('Hi John,');
    expect(formal('john du')).toBe('Guten Tag John Du,');
    expect(formal('ANA DA')).toBe('Guten Tag Ana Da,');
    // Inside the name it stays a particle.
    expect(formal('MARIA DO CARMO')).toBe('Guten Tag Maria do Carmo,');
  });
  it('a name written with capitals of its own is kept as it is', () => {
    expect(formal('Annelies de Groot', 'nl', 'Geachte heer, mevrouw,')).toBe('Beste Annelies de Groot,');
    expect(formal('Ronan McDonald', 'en', 'Dear Sir or Madam,')).toBe('Hi Ronan,');
    expect(formal('Ronan McDonald')).toBe('Guten Tag Ronan McDonald,');
  });
});

describe('a forward: the reply mirrors how the customer addresses us, not how the forwarded mail addressed them', () => {
  const cover = 'Bom dia, a minha colega pediu-me para vos reencaminhar isto. Obrigada, Rita';
  const forwarded = 'Rita, para a empresa pagar a tua subscrição preciso de uma fatura com o NIF. Consegues tratar disso? Obrigado, Paulo';
  const mail = `${cover}\n\n---------- Mensagem encaminhada ----------\nDe: Paulo <paulo@empresa.example>\nAssunto: fatura\n\n${forwarded}`;

  it('the customer’s own words are the cover note; the forwarded mail is not theirs', () => {
    expect(customerOwnText({ content: mail, subject: 'Fwd: fatura' })).toBe(cover);
    expect(customerText({ content: mail, subject: 'Fwd: fatura' })).toContain('tua subscrição');
    expect(customerOwnText({ content: 'Olá, podes ajudar-me?', subject: 'ajuda' })).toBe('Olá, podes ajudar-me?');
  });

  it('the offline draft takes the address form from the customer’s own words, the variant from the whole mail', async () => {
    const provider = createOfflineProvider({ tickets: [] });
    const input: DraftInput = {
      language: 'pt',
      customerText: customerText({ content: mail, subject: 'Fwd: fatura' }),
      ownText: customerOwnText({ content: mail, subject: 'Fwd: fatura' }),
      subject: 'Fwd: fatura',
      analysis: { translation: null, category: 'product-question', priority: 'low', confidence: 0.9, summary: '' },
      customerFacts: '',
      contactName: 'Rita Lopes',
      plan: null,
      thread: [],
    };
    const draft = (await provider.draft(input)).value;
    expect(draft).toContain('Obrigado pela sua pergunta');
    expect(draft).toContain('Equipa de apoio');
  });
});
