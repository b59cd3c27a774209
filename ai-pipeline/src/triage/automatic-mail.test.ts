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
});
