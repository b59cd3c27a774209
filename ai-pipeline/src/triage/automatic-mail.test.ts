import { describe, expect, it } from 'vitest';
import { isAutomaticMail, isBulkMail, isDeliveryFailure, isOutOfOffice } from './automatic-mail.js';

describe('automatic mail', () => {
  it('reads delivery failure reports by their subject, in several languages', () => {
    for (const subject of [
      'Undeliverable: Your weekly recap',
      'Mail delivery failed: returning message to sender',
      'Delivery Status Notification (Failure)',
      'Unzustellbar: Ihre Lernübersicht',
      'Onbestelbaar: Je weekoverzicht',
      'Non remis : votre récapitulatif',
      'Impossibile recapitare: il tuo riepilogo',
      'No se puede entregar: tu resumen',
      'Não entregue: o seu resumo',
    ]) {
      expect([subject, isDeliveryFailure(subject, 'x')]).toEqual([subject, true]);
    }
  });

  it('reads a report by its first lines: the providers’ wording or an SMTP status code', () => {
    expect(isDeliveryFailure('Your recap', 'Delivery has failed to these recipients or groups:\nsam@school.example')).toBe(true);
    expect(isDeliveryFailure(null, 'The following message to <ana@uni.example> was undeliverable.\nRemote host said: 550 5.1.1 user unknown')).toBe(true);
    expect(isDeliveryFailure('Lernübersicht', 'Ihre Nachricht konnte nicht zugestellt werden.')).toBe(true);
  });

  it('leaves a person who writes about a bounce, or about delivery, to be read as a person', () => {
    expect(isDeliveryFailure('Re: invoice', 'Hi, I sent my invoice question twice. The mail to billing could not be delivered.'.padStart(500, ' '))).toBe(false);
    expect(isDeliveryFailure('Question', 'Can the weekly summary be delivered to my school address instead?')).toBe(false);
    expect(isAutomaticMail('Frage zur Lieferung', 'Wann wird meine Rechnung zugestellt? Ich habe Auftrag 5512.')).toBe(false);
  });

  it('still reads out-of-office notices, and both kinds are automatic mail', () => {
    expect(isOutOfOffice('Automatische Antwort: Frage', 'Danke für Ihre Nachricht.')).toBe(true);
    expect(isOutOfOffice('Re: Frage', 'Ich bin vom 3. bis 21. März abwesend.')).toBe(true);
    expect(isAutomaticMail('Undeliverable: recap', 'x')).toBe(true);
    expect(isAutomaticMail('Réponse automatique : récap', 'x')).toBe(true);
  });

  it('reads bulk mail by its footer, not a customer who asks how to unsubscribe', () => {
    expect(isBulkMail('Neue Kurse im Dezember!\n\nSie erhalten diese E-Mail, weil Sie unseren Newsletter abonniert haben.')).toBe(true);
    expect(isBulkMail('Our winter sale starts now.\nYou are receiving this email because you signed up at shop.example.')).toBe(true);
    expect(isBulkMail('Nouveautés de la semaine. Pour ne plus recevoir nos offres, cliquez ici pour vous désinscrire.')).toBe(true);
    expect(isBulkMail('Hoe kan ik me uitschrijven voor de wekelijkse mail van de app?')).toBe(false);
    expect(isBulkMail('Please unsubscribe me from your newsletter, I get it twice.')).toBe(false);
    // A signature's legal disclaimer is no footer of bulk mail.
    expect(isBulkMail('Kind regards, Ana\n\nIf you receive this message in error, please delete it. Indien u deze e-mail ten onrechte ontvangt, verwijder hem.')).toBe(false);
  });

  it('reads bounces and out-of-office notices in several languages as automatic replies, and real questions not', () => {
    const machine: [string, string][] = [
      ['Undelivered Mail Returned to Sender', 'This is the mail system at host mx.example.net. Your message could not be delivered to one or more recipients.'],
      ['Delivery Status Notification (Failure)', 'Delivery to the following recipient failed permanently: a@example.com'],
      ['Unzustellbar: Ihre Anfrage', 'Ihre Nachricht konnte nicht zugestellt werden.'],
      ['', 'Votre message n’a pas pu être remis à un ou plusieurs destinataires.'],
      ['Onbestelbaar: uw vraag', 'Uw bericht kon niet worden afgeleverd.'],
      ['', 'Vielen Dank für Ihre Nachricht. Ich bin derzeit nicht erreichbar und melde mich nach meiner Rückkehr.'],
      ['', 'Je suis en congés et je prendrai connaissance de votre message à mon retour.'],
      ['', 'Estoy de vacaciones y responderé a su mensaje a mi regreso.'],
      ['', 'Sono in ferie, risponderò al mio rientro.'],
      ['', 'Ik ben met vakantie en lees mijn e-mail niet.'],
    ];
    // Out-of-office notices under a plain "Re:" subject (Gmail's vacation responder): absence plus how mail is handled.
    const re = 'Re: Your question';
    machine.push(
      [re, "I'm currently on annual leave, returning 6 January. Your email will not be forwarded."],
      [re, 'Thank you for your email. I am away until 6 January and will reply when I am back.'],
      [re, 'Ich bin bis 6. Januar nicht im Büro. In dringenden Fällen wenden Sie sich bitte an meine Kollegin.'],
      [re, "Je suis en congé jusqu'au 6 janvier. En cas d'urgence, merci de contacter ma collègue."],
      [re, 'Estoy fuera hasta el 6 de enero. Para asuntos urgentes contacte con mi compañera.'],
      [re, 'Sono assente fino al 6 gennaio. Per urgenze contattare la mia collega.'],
      [re, 'Estou de férias até 6 de janeiro, responderei quando voltar.'],
      [re, 'Jag är på semester till och med 6 januari och läser inte min e-post.'],
      [re, "Message not delivered. Your message couldn't be delivered to student@uni.example because the address couldn't be found."],
    );
    for (const [subject, text] of machine) expect(isAutomaticMail(subject, text), `${subject} ${text}`).toBe(true);
    const people: [string, string][] = [
      ['Urlaub', 'Ich bin im Urlaub und komme nicht in die App, was kann ich tun?'],
      ['Mail not delivered', 'The password reset mail is never delivered to my inbox, can you help?'],
      ['', 'I was on vacation and my subscription renewed, can I get a refund?'],
      ['Re: Your question', "I'm on vacation until Monday and can't log in, it's urgent, please help!"],
      ['', 'Ich bin im Urlaub bis Sonntag und die App stürzt ab. Dringend, bitte melden Sie sich.'],
    ];
    for (const [subject, text] of people) expect(isAutomaticMail(subject, text), `${subject} ${text}`).toBe(false);
  });

  it('"when I am back" alone is no out-of-office notice: customers write it about their own plans', () => {
    const people: [string, string][] = [
      ['cancelar', 'Quero cancelar porque vou viajar. Quando eu voltar, os meus decks continuam lá?'],
      ['Anmeldung', 'Nach meiner Rückkehr aus dem Auslandssemester funktioniert die Anmeldung nicht mehr.'],
      ['Synchronisation', 'À mon retour de stage, l’application ne synchronise plus mes cartes.'],
      ['no abre', 'A mi regreso de las vacaciones la app ya no abre, ¿qué hago?'],
      ['non si apre', "Al mio rientro dall'estero l'app non si apre più."],
      ['opzeggen', 'Na mijn terugkeer uit het buitenland wil ik weer Pro nemen, hoe gaat dat?'],
      ['assinatura', 'Ao meu regresso do estágio a assinatura já não aparece na aplicação.'],
    ];
    for (const [subject, text] of people) expect(isAutomaticMail(subject, text), text).toBe(false);
    // With the absence the notice announces, the same words still read as one.
    expect(isAutomaticMail('', 'Vielen Dank für Ihre Nachricht. Ich bin derzeit nicht erreichbar und melde mich nach meiner Rückkehr.')).toBe(true);
    expect(isAutomaticMail('', 'Estou de férias até dia 3 e responderei quando eu voltar.')).toBe(true);
  });
});

describe('a person who is away and asks or wants something is no out-of-office notice', () => {
  it('reads a customer’s request about their return as a person’s mail, in all seven languages', () => {
    const people: [string, string][] = [
      ['Frage zum Abo', 'Ich bin nächste Woche im Urlaub. Nach meiner Rückkehr möchte ich mein Abo kündigen. Geht das?'],
      ['Frage zum Abo', 'Estou de férias até dia 10; quando eu voltar quero cancelar a assinatura. Podem me ajudar?'],
      ['Frage zum Abo', "Je suis en vacances jusqu'au 5. À mon retour je voudrais changer mon forfait, est-ce possible ?"],
      ['Frage zum Abo', "Sono in ferie fino a lunedì, al mio rientro vorrei disdire l'abbonamento. Come faccio?"],
      ['Frage zum Abo', 'Estoy de vacaciones, a mi regreso quiero darme de baja. ¿Cómo lo hago?'],
      ['Frage zum Abo', 'Ik ben met vakantie. Na mijn terugkeer wil ik opzeggen, hoe doe ik dat?'],
      ['Question', "I'm on vacation next week. When I'm back I want to cancel my subscription. Is that possible?"],
      // A wish without a question mark, and a question without a wish verb.
      ['Abo', 'Ich bin ab Montag im Urlaub und möchte nach meiner Rückkehr auf den Jahrestarif wechseln.'],
      ['Conta', 'Estou de férias e quando eu voltar preciso da fatura de novembro, conseguem enviar antes?'],
      ['Forfait', 'Je suis en vacances en juillet et je voudrais changer le forfait à mon retour.'],
      ['Tarif', 'Ik ben op vakantie tot 12 mei. Kunt u na mijn terugkeer mijn tarief aanpassen?'],
      ['Réponse', "Je suis absente jusqu'au 5 mais je répondrai à mon retour : pouvez-vous d'ici là suspendre mon compte ?"],
    ];
    for (const [subject, text] of people) expect(isAutomaticMail(subject, text), text).toBe(false);
  });

  it('still reads real out-of-office notices in all seven languages, with or without an auto-reply subject', () => {
    const re = 'Re: Ihre Anfrage';
    const notices: [string, string][] = [
      [re, 'Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 14. Juli im Urlaub und melde mich nach meiner Rückkehr. In dringenden Fällen möchte ich Sie bitten, sich an Frau Berger zu wenden.'],
      [re, 'Ich bin derzeit nicht im Büro und werde Ihre Nachricht nach meiner Rückkehr beantworten. Ich bitte um Ihr Verständnis.'],
      [re, 'Obrigado pelo seu e-mail. Estou de férias até dia 20 e responderei quando eu voltar. Para assuntos urgentes, contate a Marta.'],
      [re, "Merci pour votre message. Je suis en congés jusqu'au 18 août. Je le lirai à mon retour. En cas d'urgence, merci de contacter Julien."],
      [re, 'Grazie per il messaggio. Sono in ferie fino al 3 settembre, risponderò al mio rientro. Per urgenze contattare il centralino.'],
      [re, 'Gracias por su mensaje. Estoy de vacaciones hasta el 2 de enero y le responderé a mi regreso. Para asuntos urgentes contacte con Lucía.'],
      [re, 'Bedankt voor uw bericht. Ik ben met vakantie tot 9 augustus en beantwoord uw e-mail na mijn terugkeer. Voor dringende zaken kunt u contact opnemen met Sanne.'],
      [re, 'Thank you for your email. I am on annual leave until 4 March and will reply when I am back. For urgent matters please contact Tom. I would like to thank you for your patience.'],
      // An auto-reply subject is a marker of its own: a question in the notice does not undo it.
      ['Automatische Antwort: Frage zum Abo', 'Ich bin im Urlaub. Haben Sie eine dringende Frage? Dann wenden Sie sich an den Empfang.'],
      ['Out of Office: Question', 'I am away until Monday. Need urgent help? Call the front desk.'],
    ];
    for (const [subject, text] of notices) expect(isAutomaticMail(subject, text), text).toBe(true);
  });
});

describe('how strongly an absence reads as a notice (review-s27b)', () => {
  it('an absence beside an urgent-matters contact is a notice even when it asks a routine question or opens with a courtesy wish', () => {
    const re = 'Re: Ihre Bestellung';
    const notices = [
      'I am out of the office until 2 January with limited access to email. Need urgent help? Please contact Bob at bob@example.com.',
      'Ich bin bis zum 2. Januar nicht im Büro. Sie haben eine dringende Frage? Dann wenden Sie sich bitte an Frau Meyer (meyer@example.de).',
      'Estoy fuera de la oficina hasta el 7 de enero. ¿Necesita ayuda urgente? Contacte con Ana en ana@example.es.',
      "Je suis absente jusqu'au 6 janvier. Une urgence ? Contactez Marc au 01 23 45 67 89.",
      'Ik ben afwezig tot 6 januari. Dringende vraag? Neem contact op met Piet via piet@example.nl.',
      'Estou ausente até dia 6 de janeiro. Assunto urgente? Contacte a Maria pelo 912 345 678.',
      'I would like to let you know that I am out of the office until 5 January with no access to email. For urgent matters contact Bob.',
      'Quisiera comunicarle que estoy fuera de la oficina hasta el 7 de enero. Para asuntos urgentes contacte a Ana.',
      'Queria avisar que estou ausente até dia 6 de janeiro. Para assuntos urgentes, contacte a Maria.',
      'Ich möchte darauf hinweisen, dass ich bis zum 6. Januar nicht im Büro bin. In dringenden Fällen wenden Sie sich an Frau Meyer.',
      "I'm out of the office until Jan 3 with no access to email. I want to wish you happy holidays!",
      'Estoy fuera de la oficina hasta el 7 de enero. Quiero desearles felices fiestas. Para asuntos urgentes contacte a Ana.',
    ];
    for (const text of notices) expect(isAutomaticMail(re, text), text).toBe(true);
  });

  it('a customer who is away and asks politely, or tells support what to do, is a person', () => {
    const people = [
      'Ich bin ab Montag drei Wochen im Urlaub. Nach meiner Rückkehr möchte ich Sie bitten, mein Abo zu kündigen.',
      "Je suis en vacances jusqu'au 10. À mon retour je voudrais vous demander de résilier mon abonnement.",
      'Sono in ferie fino al 10. Al mio rientro vorrei chiedervi di disdire il mio abbonamento.',
      'Estoy de vacaciones hasta el 10. A mi regreso quisiera pedirles que cancelen mi suscripción.',
      'Ik ben met vakantie tot 10 januari. Na mijn terugkeer wil ik u vragen mijn abonnement op te zeggen.',
      'Ich bin ab Montag im Urlaub und habe keinen Zugriff auf meine E-Mails. Bitte kündigen Sie mein Abo zum Monatsende.',
      'I am out of the office until 12 December. Please cancel my subscription before it renews.',
      'Estou de férias; quando eu voltar, por favor cancelem a assinatura.',
    ];
    for (const text of people) expect(isAutomaticMail('Abo', text), text).toBe(false);
  });
});
