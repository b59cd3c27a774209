import type { Category, Priority } from '../../triage/categories.js';

/**
 * A curated multilingual lexicon of support-ticket concepts (de, nl, fr, en, it, es, sv, pt).
 * Written from general knowledge of how customers of a subscription study app write to support, not from
 * any ticket: it must carry the classifier on tickets it never saw.
 *
 * Phrase syntax: words are matched case- and accent-insensitively on word boundaries; a word ending in `*`
 * matches any continuation ("erstatt*" matches "erstattet", "erstattung"). Words are separated by one or more
 * spaces or punctuation marks in the text.
 */
export interface Concept {
  id: string;
  /** How the concept reads in an English one-line summary. */
  english: string;
  /** Evidence this concept gives for each category (log-scale weights, 1 = one strong cue). */
  categories: Partial<Record<Category, number>>;
  /** Evidence for a priority level, if any. */
  priority?: Partial<Record<Priority, number>>;
  phrases: string[];
}

export const CONCEPTS: Concept[] = [
  // ---------------------------------------------------------------- refund-request
  {
    id: 'refund',
    english: 'wants a refund',
    categories: { 'refund-request': 2.5 },
    phrases: [
      'reverse the charge', 'reverse this charge', 'reverse the payment', 'reverse this payment', 'money returned', 'return the money', 'return my money', 'wiederhaben', 'zuruckuberweis*', 'ruckuberweis*', 'zuruckbezahl*', 'terugboek*', 'rendre l argent', 'rendez moi', 'riaccredit*', 'devolver el importe', 'devolvam', 'betala tillbaka', 'pengarna tillbaka',
      // Bare "zurückbekommen" / "terugkrijgen" are left to the cues, which want money in sight (an exam handed back is not).
      'get my money back', 'recuperer mon argent', 'riavere i soldi', 'recuperar mi dinero', 'fa tillbaka pengarna', 'receber de volta',
      'refund*', 'reimburs*', 'money back', 'my money', 'charge back', 'chargeback',
      'ruckerstatt*', 'zuruckerstatt*', 'erstatt*', 'geld zuruck', 'mein geld', 'ruckzahlung', 'zuruckzahl*',
      'zuruckbuch*', 'ruckbuchung', 'gutschrift',
      'terugbetal*', 'terugstort*', 'geld terug', 'mijn geld', 'restitu*', 'terug betal*', 'terug gestort',
      'rembours*', 'mon argent',
      'rimbors*', 'soldi indietro', 'i miei soldi', 'restituzione', 'restituire',
      'reembols*', 'devolucion', 'devolver el dinero', 'devuelvan', 'mi dinero', 'devolver mi dinero',
      'aterbetal*', 'pengarna tillbaka', 'pengar tillbaka', 'mina pengar', 'ersattning',
      'devolucao', 'dinheiro de volta', 'meu dinheiro', 'estorno', 'estornar', 'reembolsar',
    ],
  },
  {
    id: 'no-refund-wanted',
    english: 'does not want money back',
    categories: { 'refund-request': -3, 'product-question': 1 },
    phrases: [
      'no refund', 'dont need a refund', 'dont want a refund', 'not asking for a refund', 'not asking for my money back', 'dont want my money back',
      'keine ruckerstattung', 'kein geld zuruck', 'keine erstattung', 'keine ruckzahlung', 'will ich nicht zuruck', 'nicht zuruck haben',
      'geen terugbetaling', 'geen geld terug', 'hoef geen geld', 'hoef mijn geld niet',
      'pas besoin de remboursement', 'pas de remboursement', 'ne demande pas de remboursement', 'ne veux pas etre rembourse',
      'nessun rimborso', 'non voglio un rimborso', 'no quiero reembolso', 'no necesito reembolso', 'sin reembolso',
      'ingen aterbetalning', 'nao quero reembolso', 'sem reembolso',
    ],
  },
  {
    id: 'double-charge',
    english: 'charged twice',
    categories: { 'refund-request': 2.5 },
    priority: { high: 1 },
    phrases: [
      'still charged', 'charged again', 'charged after cancel*', 'trotzdem abgebucht', 'wieder abgebucht', 'erneut abgebucht', 'toch weer afgeschreven', 'weer afgeschreven', 'opnieuw afgeschreven', 'encore preleve', 'de nouveau preleve', 'di nuovo addebitato', 'nuovamente addebitato', 'me volvieron a cobrar', 'cobrado otra vez', 'dragits igen', 'cobrado de novo', 'cobraram de novo',
      'charged twice', 'charged me twice', 'billed me twice', 'double charge*', 'charged two times', 'two charges', 'billed twice', 'duplicate charge*',
      'zweimal abgebucht', 'doppelt abgebucht', 'doppelt berechnet', 'zweimal berechnet', 'doppelt bezahlt',
      'zweimal bezahlt', 'doppelte abbuchung', 'doppelt belastet', 'zweimal belastet',
      'twee keer afgeschreven', 'dubbel afgeschreven', 'dubbel betaald', 'twee keer betaald', 'dubbel gefactureerd',
      'preleve deux fois', 'debite deux fois', 'facture deux fois', 'paye deux fois', 'double prelevement', 'double paiement',
      'addebitato due volte', 'pagato due volte', 'doppio addebito',
      'cobrado dos veces', 'cobraron dos veces', 'pague dos veces', 'doble cobro', 'cargo doble', 'cobro duplicado',
      'dragits tva ganger', 'debiterad tva ganger', 'betalat tva ganger', 'dubbeldragning',
      'cobrado duas vezes', 'cobrança duplicada', 'cobraram duas vezes', 'paguei duas vezes',
    ],
  },
  {
    id: 'unexpected-charge',
    english: 'disputes a charge',
    categories: { 'refund-request': 1.5 },
    phrases: [
      'without permission', 'without asking', 'ohne erlaubnis', 'ohne zu fragen', 'ohne mich zu fragen', 'zonder te vragen', 'sans autorisation', 'non autorise', 'pas autorise', 'jamais demande', 'senza permesso', 'non autorizzato', 'sin permiso', 'no autorizado', 'utan tillstand', 'sem permissao', 'nao autorizado', 'never asked for', 'nie bestellt', 'nooit besteld',
      'charged', 'was billed', 'unauthorised', 'unauthorized', 'without my consent', 'did not authorise', 'did not authorize', 'auto renew*', 'automatically renewed',
      'renewed without', 'abgebucht', 'abbuchung', 'belastet', 'ohne meine zustimmung', 'automatisch verlangert',
      'verlangert ohne', 'abo verlangert',
      'afgeschreven', 'afschrijving', 'automatisch verlengd', 'zonder toestemming',
      'preleve*', 'prelevement', 'debite', 'renouvele automatiquement', 'sans mon accord', 'sans mon consentement',
      'addebit*', 'rinnovato automaticamente', 'senza il mio consenso',
      'me cobraron', 'cobrado', 'cobro', 'renovado automaticamente', 'renovo automaticamente', 'sin mi consentimiento',
      'dragits', 'drog pengar', 'fornyades automatiskt', 'utan mitt samtycke',
      'cobrança', 'cobraram', 'renovou automaticamente', 'sem meu consentimento',
    ],
  },
  {
    // No weight of its own: a child's purchase is a disputed charge only next to a purchase or charge (cues.ts).
    id: 'minor',
    english: 'a child or minor',
    categories: {},
    phrases: [
      'my son', 'my daughter', 'my child', 'mein sohn', 'meine tochter', 'mein kind', 'mijn zoon', 'mijn dochter', 'mon fils', 'ma fille', 'mon enfant', 'mio figlio', 'mia figlia', 'mi hijo', 'mi hija', 'min son', 'min dotter', 'meu filho', 'minha filha', 'minderjahrig*', 'underage', 'mineur', 'minorenne', 'menor de edad', 'minderjarig',
      'my kid', 'unser sohn', 'unsere tochter', 'onze zoon', 'onze dochter', 'notre fils', 'notre fille', 'nostro figlio', 'nostra figlia',
      'nuestro hijo', 'nuestra hija', 'nosso filho', 'nossa filha',
    ],
  },
  {
    id: 'accidental-purchase',
    english: 'bought by mistake',
    categories: { 'refund-request': 1.5 },
    phrases: [
      'fehlkauf', 'miskoop', 'achat par erreur', 'acquisto sbagliato', 'compra equivocada', 'compra errada', 'felkop', 'meant monthly', 'meant yearly', 'wrong plan', 'falsches abo', 'verkeerde abonnement', 'mauvais abonnement',
      'by mistake', 'accidentally', 'by accident', 'did not mean to', 'didnt mean to', 'forgot to cancel',
      'versehentlich', 'aus versehen', 'ungewollt', 'vergessen zu kundigen', 'nicht gewollt',
      'per ongeluk', 'per vergissing', 'vergeten op te zeggen',
      'par erreur', 'par accident', 'oublie d annuler', 'oublie de resilier',
      'per errore', 'per sbaglio', 'dimenticato di disdire',
      'por error', 'por equivocacion', 'sin querer', 'olvide cancelar',
      'av misstag', 'glomde att saga upp',
      'sem querer', 'esqueci de cancelar', 'por engano',
    ],
  },
  {
    id: 'cancel',
    english: 'cancellation',
    categories: { 'refund-request': 0.6, 'product-question': 0.5 },
    phrases: [
      'cancel*', 'unsubscrib*', 'end my subscription', 'stop my subscription',
      'kundig*', 'gekundigt', 'abo beenden', 'abonnement beenden', 'stornier*',
      'opzeg*', 'opgezegd', 'annuleer*', 'abonnement stopzetten',
      'resili*', 'annul*', 'desabonn*', 'desinscri*',
      'disdett*', 'disdire', 'annull*', 'cancellare l abbonamento', 'disattivare',
      'cancelar', 'cancele', 'cancelacion', 'darme de baja', 'dar de baja', 'anular',
      'saga upp', 'sagt upp', 'avsluta', 'uppsagning', 'avbryta',
      'cancelamento', 'cancelei', 'cancelar a assinatura',
    ],
  },
  {
    id: 'payment',
    english: 'payment',
    categories: { 'refund-request': 0.7, 'product-question': 0.2 },
    phrases: [
      'invoice', 'receipt', 'payment', 'paid', 'subscription fee', 'credit card', 'paypal', 'bank statement',
      'rechnung', 'zahlung', 'bezahlt', 'kreditkarte', 'kontoauszug', 'abo gebuhr',
      'factuur', 'betaling', 'betaald', 'creditcard', 'bankafschrift',
      'facture', 'paiement', 'paye', 'carte bancaire', 'carte de credit', 'releve bancaire',
      'fattura', 'pagamento', 'pagato', 'carta di credito', 'estratto conto',
      'factura', 'pago', 'pague', 'tarjeta', 'extracto',
      'faktura', 'betalning', 'betalat', 'kontoutdrag', 'kvitto',
      'fatura', 'paguei', 'cartao', 'recibo',
    ],
  },
  {
    // No weight of its own: the context in which "by mistake" is a purchase (cues.ts), and a naive Bayes token.
    id: 'purchase',
    english: 'a purchase or subscription',
    categories: {},
    phrases: [
      'bought', 'purchased', 'subscribed', 'signed up for', 'gekauft', 'abgeschlossen', 'abonniert', 'gebucht', 'gekocht', 'afgesloten',
      'geabonneerd', 'aangeschaft', 'achete', 'souscrit', 'abonne', 'comprato', 'acquistato', 'abbonato', 'compre', 'comprado', 'suscrito',
      'suscribi', 'comprei', 'assinei', 'kopt', 'kopte', 'prenumererat', 'tecknade',
    ],
  },
  {
    id: 'invoice-request',
    english: 'asks for an invoice or tax details',
    // Invoice, VAT and company-billing mail is a product question (tickets/README.md), even when it names payments.
    categories: { 'product-question': 2 },
    phrases: [
      'vat', 'vat number', 'vat id', 'tax id', 'ust id*', 'ust idnr', 'umsatzsteuer*', 'mwst', 'mehrwertsteuer', 'steuernummer', 'btw nummer', 'btw id',
      'kvk', 'tva', 'numero de tva', 'partita iva', 'iva', 'nif', 'cif', 'momsregistreringsnummer', 'nota fiscal', 'cnpj',
      'company name', 'company address', 'billing address', 'firmenname', 'firmenanschrift', 'rechnungsadresse', 'bedrijfsnaam', 'factuuradres',
      'raison sociale', 'adresse de facturation', 'ragione sociale', 'indirizzo di fatturazione', 'razon social', 'direccion de facturacion',
      'razao social', 'endereco de cobranca', 'send an invoice', 'send me an invoice', 'send us an invoice', 'corrected invoice', 'new invoice',
      'invoice in the name', 'rechnung ausstellen', 'neue rechnung', 'korrigierte rechnung*', 'rechnung korrigier*', 'rechnung auf',
      'factuur sturen', 'nieuwe factuur', 'factuur op naam', 'facture corrigee', 'nouvelle facture', 'facture au nom', 'fattura corretta',
      'fattura intestata', 'nuova fattura', 'factura corregida', 'factura a nombre', 'nueva factura', 'fatura em nome', 'nova fatura',
    ],
  },
  {
    id: 'legal-threat',
    english: 'threatens dispute',
    categories: { 'refund-request': 1 },
    priority: { urgent: 1, high: 0.8 },
    phrases: [
      'my bank', 'dispute', 'lawyer', 'consumer protection', 'chargeback',
      'meine bank', 'anwalt', 'verbraucherzentrale', 'verbraucherschutz', 'widerruf*',
      'mijn bank', 'advocaat', 'consumentenbond', 'herroep*',
      'ma banque', 'avocat', 'retractation', 'litige',
      'la mia banca', 'avvocato', 'recesso', 'contestare',
      'mi banco', 'abogado', 'desistimiento', 'reclamacion',
      'min bank', 'advokat', 'angerratt', 'konsumentverket',
      'meu banco', 'advogado', 'procon', 'arrependimento',
    ],
  },
  // ---------------------------------------------------------------- bug-report
  {
    id: 'crash',
    english: 'app crashes',
    categories: { 'bug-report': 2.5 },
    priority: { high: 0.8 },
    phrases: [
      'crash*', 'keeps closing', 'closes itself', 'shuts down', 'force close*',
      'absturz*', 'sturzt ab', 'sturzt*', 'abgesturzt', 'sturzt standig ab', 'schliesst sich', 'crasht',
      'crasht', 'gecrasht', 'sluit af', 'sluit zichzelf', 'valt uit',
      'plante', 'se ferme', 'se ferme toute seule', 'ferme toute seule', 'quitte',
      'si chiude', 'si blocca e si chiude', 'va in crash', 'si arresta',
      'se cierra', 'se cierra sola', 'se colgo', 'se cuelga',
      'kraschar', 'kraschade', 'stanger sig', 'stangs ner',
      'fecha sozinho', 'fecha sozinha', 'fechando sozinho', 'trava e fecha',
    ],
  },
  {
    id: 'error',
    english: 'error message',
    categories: { 'bug-report': 2 },
    phrases: [
      'something went wrong', 'went wrong', 'etwas ist schiefgelaufen', 'schiefgelaufen', 'schief gelaufen', 'er is iets misgegaan', 'misgegaan', 'mis gegaan', 'quelque chose s est mal passe', 'une erreur s est produite', 'qualcosa e andato storto', 'andato storto', 'algo salio mal', 'salio mal', 'nagot gick fel', 'gick fel', 'algo deu errado', 'deu errado', 'not found', 'nicht gefunden', 'niet gevonden', 'introuvable', 'non trovato', 'no encontrado', 'hittades inte', 'nao encontrado', 'weird characters', 'strange characters', 'komische zeichen', 'seltsame zeichen', 'rare tekens', 'caracteres bizarres', 'caratteri strani', 'caracteres raros', 'konstiga tecken', 'caracteres estranhos',
      'error*', 'exception', 'fehlgeschlagen', 'schlagt fehl', 'schlagt immer fehl', 'mislukt', 'echoue', 'a echoue', 'fallito', 'fallisce', 'falhou', 'misslyckades', 'declined', 'abgelehnt', 'geweigerd', 'refusee', 'rifiutata', 'rechazada', 'recusado', 'invalid*', 'ungultig*', 'ongeldig*', 'invalide', 'non valid*', 'no valid*', 'ogiltig*', 'fehler*', 'fehlermeldung', 'fout*', 'foutmelding', 'erreur*', 'errore', 'errori',
      'fel', 'felmeddelande', 'felkod', 'erro', 'mensagem de erro', 'codigo de error', 'code d erreur', 'error code',
    ],
  },
  {
    id: 'not-working',
    english: 'something does not work',
    categories: { 'bug-report': 2 },
    phrases: [
      'invisible', 'unsichtbar', 'onzichtbaar', 'illisible', 'unreadable', 'unlesbar', 'onleesbaar', 'illeggibile', 'ilegible', 'ilegivel', 'olaslig', 'marked as wrong', 'marked wrong', 'als falsch markiert', 'als fout gerekend', 'comptee fausse', 'segnate come sbagliate', 'come sbagliat*', 'marcada como incorrecta', 'marcadas como incorrectas', 'reset to 0', 'reset to zero', 'auf null zuruckgesetzt', 'zuruckgesetzt', 'op nul gezet', 'remis a zero', 'azzerat*', 'se reinicio', 'zerou', 'nollstalld*', 'wrong language', 'falsche sprache', 'verkeerde taal', 'mauvaise langue', 'lingua sbagliata', 'idioma equivocado', 'idioma errado', 'fel sprak', 'cut off', 'abgeschnitten', 'afgekapt', 'tronque', 'troncat*', 'cortad*', 'avklippt',
      'not showing', 'doesnt show', 'wird nie abgeschlossen', 'never completes', 'never goes through', 'geht nicht durch', 'gaat niet door', 'ne passe pas', 'non va a buon fine', 'no se completa', 'nao conclui', 'gaat mis', 'gaan mis', 'ging mis', 'gaat het mis', 'houdt op', 'stopt halverwege', 'stops halfway', 'stops after', 'bricht ab', 'abgebrochen', 's arrete au milieu', 's arrete apres', 'si interrompe', 'se corta', 'se detiene', 'para no meio', 'para na metade', 'does not show', 'nicht angezeigt', 'wird nicht angezeigt', 'niet weergegeven', 'niet zichtbaar', 'wordt niet getoond', 'ne s affiche pas', 'n apparai* pas', 'n apparait plus', 'non appare', 'non viene visualizzat*', 'no aparece*', 'no se muestra*', 'visas inte', 'syns inte', 'nao aparece*',
      'doesnt work', 'does not work', 'not working', 'stopped working', 'isnt working', 'wont work', 'broken', 'fails',
      'failed', 'cant open', 'cannot open', 'wont open', 'wont load', 'not loading', 'does nothing', 'nothing happens',
      'funktioniert nicht', 'funktioniert nicht mehr', 'geht nicht', 'geht nicht mehr', 'klappt nicht', 'kaputt',
      'lasst sich nicht', 'nicht mehr moglich', 'passiert nichts', 'reagiert nicht', 'ladt nicht',
      'werkt niet', 'werkt niet meer', 'lukt niet', 'lukt me niet', 'doet het niet', 'doet niets', 'kapot',
      'gebeurt niets', 'laadt niet', 'reageert niet',
      'ne marche pas', 'ne marche plus', 'ne fonctionne pas', 'ne fonctionne plus', 'marche pas', 'fonctionne pas',
      'impossible d ouvrir', 'ne s ouvre pas', 'ne charge pas', 'il ne se passe rien', 'bugue',
      'non funziona', 'non funziona piu', 'non va', 'non si apre', 'non carica', 'non succede niente',
      'no funciona', 'ya no funciona', 'no va', 'no abre', 'no carga', 'no pasa nada', 'no me deja',
      'fungerar inte', 'funkar inte', 'gar inte', 'laddar inte', 'oppnas inte', 'hander ingenting',
      'nao funciona', 'parou de funcionar', 'nao abre', 'nao carrega', 'nada acontece', 'nao consigo',
    ],
  },
  {
    id: 'bug',
    english: 'bug',
    categories: { 'bug-report': 2 },
    phrases: [
      'typo', 'tippfehler', 'tikfout', 'schrijffout', 'faute de frappe', 'coquille', 'refuso', 'errata', 'errata ortografica', 'erro de digitacao', 'stavfel','bug*', 'glitch*', 'buggy', 'verbugg*', 'een storing', 'dysfonctionnement', 'malfunzionamento', 'fallo', 'falla', 'defeito', 'problema tecnico'],
  },
  {
    id: 'freeze',
    english: 'app freezes or hangs',
    categories: { 'bug-report': 2 },
    phrases: [
      'empty', 'leer', 'leeg', 'vide', 'vuoto', 'vacio', 'vazio', 'stays empty',
      'freez*', 'frozen', 'hangs', 'stuck', 'loading forever', 'keeps loading', 'spinning', 'black screen', 'white screen',
      'blank', 'blank screen', 'unresponsive', 'very slow', 'laggy',
      'hangt', 'hangt sich auf', 'bleibt hangen', 'friert ein', 'eingefroren', 'ladt ewig', 'schwarzer bildschirm',
      'weisser bildschirm', 'leerer bildschirm', 'sehr langsam',
      'blijft hangen', 'loopt vast', 'vastgelopen', 'bevriest', 'zwart scherm', 'wit scherm', 'leeg scherm', 'heel traag',
      'bloque', 'fige', 'gele', 'ecran noir', 'ecran blanc', 'charge a l infini', 'tres lent',
      'si blocca', 'bloccat*', 'si pianta', 'schermo nero', 'schermo bianco', 'lentissim*',
      'se congela', 'congelad*', 'se queda cargando', 'se traba', 'pantalla negra', 'pantalla en blanco', 'muy lent*',
      'fryser', 'hanger sig', 'svart skarm', 'vit skarm', 'laddar hela tiden', 'jattelangsam',
      'trava', 'travando', 'travou', 'congela', 'tela preta', 'tela branca', 'muito lent*',
    ],
  },
  {
    id: 'data-loss',
    english: 'data lost',
    categories: { 'bug-report': 2 },
    priority: { urgent: 0.8, high: 1 },
    phrases: [
      'verlier*', 'verlies', 'verliest', 'i lose', 'lose all', 'lose my', 'je perds', 'perdo', 'pierdo', 'perco',
      'lost', 'disappeared', 'are gone', 'is gone', 'vanished', 'deleted itself', 'missing',
      'verloren', 'verschwunden', 'weg sind', 'alle weg', 'alles weg', 'sind weg', 'ist weg', 'geloscht', 'fehlen',
      'kwijt', 'verdwenen', 'weg zijn', 'zijn weg', 'verwijderd',
      'perdu*', 'disparu*', 'efface*', 'manquent',
      'perso', 'persi', 'perse', 'scompars*', 'mancano', 'spariti', 'sparite',
      'perdido*', 'perdi', 'desaparecid*', 'borrad*', 'faltan',
      'forsvunn*', 'borta', 'raderad*', 'forlorad*', 'tappat',
      'sumiu', 'sumiram', 'desapareceu', 'desapareceram', 'apagad*',
    ],
  },
  {
    id: 'sync',
    english: 'sync problem',
    categories: { 'bug-report': 1.5 },
    phrases: ['sync*', 'synchron*', 'synchronis*', 'sincroniz*', 'synkronis*', 'synk*'],
  },
  {
    id: 'login-problem',
    english: 'cannot log in',
    categories: { 'bug-report': 1.5 },
    priority: { high: 0.6 },
    phrases: [
      'niet meer inloggen', 'niet inloggen', 'nicht mehr einloggen', 'nicht einloggen', 'nicht mehr anmelden', 'nicht anmelden', 'ne peux plus me connecter', 'non riesco piu ad accedere', 'ya no puedo entrar', 'kan inte logga in', 'nao consigo mais entrar',
      'cant log in', 'cannot log in', 'cant login', 'cannot login', 'unable to log in', 'cant sign in', 'locked out',
      'login fails', 'login failed', 'password reset',
      'kann mich nicht anmelden', 'kann mich nicht einloggen', 'anmeldung nicht', 'login geht nicht', 'komme nicht rein',
      'kan niet inloggen', 'kan niet meer inloggen', 'inloggen lukt niet', 'kom er niet in',
      'impossible de me connecter', 'je ne peux pas me connecter', 'connexion impossible', 'n arrive pas a me connecter',
      'non riesco ad accedere', 'non riesco a entrare', 'accesso non',
      'no puedo iniciar sesion', 'no puedo entrar', 'no puedo acceder',
      'kan inte logga in', 'inloggningen fungerar inte',
      'nao consigo entrar', 'nao consigo fazer login', 'nao consigo acessar',
    ],
  },
  {
    id: 'worked-before',
    english: 'it used to work',
    categories: { 'bug-report': 1.5 },
    phrases: [
      'used to work', 'worked before', 'worked fine', 'was working fine', 'worked until', 'always worked', 'worked last', 'immer funktioniert',
      'vorher funktioniert', 'bisher funktioniert', 'ging bisher', 'ging immer', 'funktionierte', 'lief bisher', 'ging dit nog goed',
      'ging altijd goed', 'werkte altijd', 'werkte eerst', 'werkte prima', 'werkte het nog', 'werkte nog', 'fonctionnait', 'marchait', 'a toujours fonctionne',
      'a toujours marche', 'funzionava', 'ha sempre funzionato', 'funcionaba', 'siempre ha funcionado', 'funcionava', 'sempre funcionou', 'fungerade',
    ],
  },
  {
    id: 'since-update',
    english: 'since the last update',
    categories: { 'bug-report': 2 },
    phrases: [
      'since the update', 'after the update', 'since the last update', 'after updating', 'latest update', 'new version',
      'seit dem update', 'nach dem update', 'seit dem letzten update', 'seit der neuen version', 'nach der aktualisierung',
      'sinds de update', 'na de update', 'sinds de laatste update', 'nieuwe versie',
      'depuis la mise a jour', 'apres la mise a jour', 'derniere mise a jour', 'nouvelle version',
      'dopo l aggiornamento', 'dall aggiornamento', 'ultimo aggiornamento', 'nuova versione',
      'desde la actualizacion', 'despues de la actualizacion', 'ultima actualizacion', 'nueva version',
      'sedan uppdateringen', 'efter uppdateringen', 'senaste uppdateringen', 'nya versionen',
      'desde a atualizacao', 'depois da atualizacao', 'ultima atualizacao', 'nova versao',
    ],
  },
  {
    id: 'notifications',
    english: 'notifications',
    categories: { 'bug-report': 0.5, 'product-question': 0.5 },
    phrases: ['notification*', 'reminder*', 'benachrichtigung*', 'erinnerung*', 'melding*', 'herinnering*', 'rappel*', 'notifica*', 'promemoria', 'notificacion*', 'recordatorio*', 'avisering*', 'paminnelse*', 'notificac*', 'lembrete*'],
  },
  {
    id: 'audio-video',
    english: 'audio or video playback',
    categories: { 'bug-report': 0.7 },
    phrases: [
      'no se escucha*', 'hort man nichts', 'hore nichts', 'je n entends rien', 'non si sente', 'hor ingenting', 'nao se ouve',
      'no sound', 'kein ton', 'keinen ton', 'geen geluid', 'pas de son', 'aucun son', 'nessun suono', 'no hay sonido', 'no suena', 'inget ljud', 'sem som', 'sem audio','audio', 'sound', 'video*', 'geluid', 'suono', 'sonido', 'ljud', 'playback', 'wiedergabe', 'afspelen', 'lecture', 'riproduzione', 'reproduccion', 'uppspelning', 'reproducao'],
  },
  {
    id: 'device',
    english: 'device details',
    categories: { 'bug-report': 0.8 },
    phrases: ['iphone', 'ipad', 'android', 'samsung', 'pixel', 'huawei', 'xiaomi', 'ios', 'macbook', 'windows', 'chrome', 'safari', 'firefox', 'browser', 'tablet', 'app version', 'app version'],
  },
  // ---------------------------------------------------------------- product-question
  {
    id: 'how-to',
    english: 'asks how to do something',
    categories: { 'product-question': 2 },
    priority: { low: 0.3 },
    phrases: [
      'dove si trova', 'wo ist', 'wo sind', 'waar staat', 'waar zit', 'ou se trouve', 'donde esta', 'var finns', 'onde fica', 'pode ser', 'posso usar', 'da para', 'cant find', 'cannot find', 'finde nicht', 'finde ich nicht', 'finde keine', 'kan niet vinden', 'kan het niet vinden', 'je ne trouve pas', 'ne trouve pas', 'non trovo', 'no encuentro', 'hittar inte', 'nao encontro', 'nao acho',
      'how do i', 'how can i', 'how to', 'how does', 'is it possible', 'is there a way', 'can i', 'could i', 'is there',
      'does the app', 'do you have', 'do you offer', 'where can i', 'where do i', 'where is',
      'wie kann ich', 'wie kann man', 'wie funktioniert', 'wie geht', 'ist es moglich', 'gibt es', 'kann ich', 'kann man',
      'wo finde ich', 'wo kann ich', 'habt ihr', 'bietet ihr', 'lasst sich', 'wie stelle ich', 'wie andere ich',
      'hoe kan ik', 'hoe werkt', 'hoe doe ik', 'is het mogelijk', 'kan ik', 'kun je', 'waar vind ik', 'waar kan ik',
      'bestaat er', 'is er een', 'hebben jullie', 'hoe stel ik',
      'comment', 'est il possible', 'est ce possible', 'est ce que je peux', 'puis je', 'peut on', 'ou trouver',
      'ou puis je', 'y a t il', 'existe t il', 'avez vous',
      'come posso', 'come si', 'come faccio', 'e possibile', 'si puo', 'posso', 'dove trovo', 'dove posso', 'c e un modo',
      'avete',
      'como puedo', 'como se', 'como hago', 'es posible', 'se puede', 'puedo', 'donde encuentro', 'donde puedo', 'hay alguna',
      'teneis', 'tienen',
      'hur kan jag', 'hur gor jag', 'hur fungerar', 'gar det att', 'kan jag', 'var hittar jag', 'finns det', 'har ni',
      'como posso', 'como faco', 'como funciona', 'e possivel', 'posso', 'onde encontro', 'existe', 'voces tem',
    ],
  },
  {
    id: 'pricing',
    english: 'plans and pricing',
    categories: { 'product-question': 1.5 },
    priority: { low: 0.3 },
    phrases: [
      'price*', 'pricing', 'how much', 'cost*', 'discount', 'student discount', 'family plan', 'trial', 'upgrade', 'downgrade',
      'premium', 'pro plan', 'yearly', 'annual plan', 'monthly plan', 'coupon', 'voucher',
      'preis*', 'kostet', 'rabatt', 'studentenrabatt', 'testversion', 'probezeit', 'jahresabo', 'monatsabo', 'gutschein',
      'prijs', 'prijzen', 'kost', 'korting', 'studentenkorting', 'proefperiode', 'jaarabonnement', 'maandabonnement',
      'prix', 'tarif*', 'coute', 'reduction', 'remise', 'essai gratuit', 'abonnement annuel', 'code promo',
      'prezz*', 'costa', 'sconto', 'prova gratuita', 'abbonamento annuale', 'codice promozionale',
      'precio*', 'cuesta', 'descuento', 'prueba gratuita', 'plan anual', 'codigo promocional',
      'kostar', 'studentrabatt', 'provperiod', 'arsabonnemang',
      'preco*', 'custa', 'desconto', 'teste gratis', 'plano anual', 'cupom',
    ],
  },
  {
    id: 'feature',
    english: 'asks about a feature',
    categories: { 'product-question': 1.2 },
    priority: { low: 0.4 },
    phrases: [
      'feature', 'function*', 'option', 'setting*', 'dark mode', 'offline mode', 'export*', 'import', 'importing', 'importier*', 'share', 'widget',
      'shortcut', 'language setting*', 'flashcard*', 'deck*', 'study plan', 'spaced repetition',
      'funktion*', 'einstellung*', 'dunkelmodus', 'offline modus', 'teilen', 'karteikart*', 'lernkart*', 'lernplan',
      'lernstapel',
      'functie*', 'instelling*', 'donkere modus', 'delen', 'flitskaart*', 'leerkaart*', 'studieplan',
      'fonction*', 'parametre*', 'reglage*', 'mode sombre', 'partager', 'carte* memoire', 'fiche* de revision',
      'funzion*', 'impostazion*', 'modalita scura', 'condivider*', 'flashcard', 'schede',
      'funcion*', 'ajuste*', 'configuracion', 'modo oscuro', 'compartir', 'tarjetas',
      'installning*', 'morkt lage', 'dela',
      'funcao', 'funcionalidade', 'configurac*', 'modo escuro', 'compartilhar', 'cartoes',
    ],
  },
  {
    id: 'account-change',
    english: 'account settings',
    categories: { 'product-question': 1 },
    phrases: [
      'change my email', 'change my password', 'change the email', 'switch account', 'transfer my', 'multiple devices',
      'another device', 'new phone',
      'e mail andern', 'email andern', 'passwort andern', 'neues handy', 'anderes gerat', 'mehreren geraten',
      'e mail wijzigen', 'wachtwoord wijzigen', 'nieuwe telefoon', 'ander apparaat',
      'changer mon e mail', 'changer mon mot de passe', 'nouveau telephone', 'autre appareil',
      'cambiare email', 'cambiare la password', 'nuovo telefono', 'altro dispositivo',
      'cambiar mi correo', 'cambiar la contrasena', 'nuevo movil', 'otro dispositivo',
      'byta e post', 'byta losenord', 'ny telefon', 'annan enhet',
      'mudar meu email', 'mudar a senha', 'novo celular', 'outro dispositivo',
    ],
  },
  {
    id: 'unexpected-behaviour',
    english: 'unexpected behaviour',
    categories: { 'bug-report': 1 },
    phrases: [
      'egal was', 'no matter what', 'over and over', 'again and again', 'the same questions', 'the same cards', 'keeps asking', 'keeps showing', 'keeps repeating', 'steeds weer', 'telkens weer', 'sans cesse', 'en boucle', 'di continuo', 'una y otra vez', 'sem parar', 'maakt niet uit wat', 'peu importe', 'qualunque cosa', 'da igual lo que', 'nao importa o que', 'immer die gleiche', 'steeds dezelfde', 'toujours la meme', 'sempre la stessa', 'siempre la misma', 'sempre a mesma',
      'even though', 'although', 'every time', 'each time', 'always the same', 'obwohl', 'trotzdem', 'jedes mal', 'immer wieder',
      'hoewel', 'ook als', 'elke keer', 'steeds', 'alors que', 'pourtant', 'a chaque fois', 'chaque fois', 'anche se', 'eppure',
      'ogni volta', 'aunque', 'a pesar de', 'cada vez', 'trots att', 'varje gang', 'embora', 'mesmo assim', 'toda vez',
    ],
  },
  {
    id: 'resolved',
    english: 'says the problem is solved',
    categories: { other: 2, 'bug-report': -1 },
    priority: { low: 1 },
    phrases: [
      'works again', 'working again', 'that fixed it', 'this fixed it', 'that did it', 'that did the trick', 'that worked', 'you can close', 'can be closed', 'alles wieder da', 'ist alles da', 'wieder alles da', 'hat geholfen', 'heeft geholpen', 'alles is er weer', 'tout est revenu', 'ca a marche', 'ca a fonctionne', 'ha funzionato', 'funciono', 'funcionou', 'det fungerade', 'got it working', 'figured it out', 'never mind', 'nevermind', 'all good now', 'problem solved', 'sorted now', 'its fixed', 'fixed itself',
      'geht wieder', 'funktioniert wieder', 'klappt wieder', 'hat geklappt', 'hat sich erledigt', 'hat sich geklart', 'gelost',
      'werkt weer', 'doet het weer', 'is gelukt', 'het is gelukt', 'opgelost', 'laat maar',
      'fonctionne a nouveau', 'marche a nouveau', 'ca remarche', 'ca marche maintenant', 'c est bon', 'c est regle', 'resolu', 'laissez tomber',
      'funziona di nuovo', 'ora funziona', 'risolto', 'tutto ok', 'lasciate perdere',
      'funciona de nuevo', 'ya funciona', 'solucionado', 'resuelto', 'ya esta',
      'funciona de novo', 'ja funciona', 'resolvido', 'deu certo',
      'fungerar igen', 'funkar nu', 'funkar igen', 'det loste sig',
    ],
  },
  {
    // "Please ignore my last mail": what the earlier mail (and the reply's subject, which still names it) asked is withdrawn.
    id: 'retraction',
    english: 'withdraws an earlier message',
    categories: {},
    phrases: [
      'ignore my last', 'ignore my previous', 'ignore my earlier', 'disregard my last', 'disregard my previous', 'disregard my earlier', 'forget my last', 'forget my previous',
      'ignoriert meine letzte', 'ignorieren sie meine letzte', 'ignorieren sie bitte meine letzte', 'vergesst meine letzte', 'vergessen sie meine letzte', 'ignoriert bitte meine letzte', 'meine letzte mail ist erledigt', 'meine vorherige',
      'negeer mijn vorige', 'negeer mijn laatste', 'vergeet mijn vorige', 'vergeet mijn laatste', 'negeer mijn eerdere',
      'ignorez mon dernier', 'ignorez mon precedent', 'oubliez mon dernier', 'oubliez mon precedent', 'ne tenez pas compte de mon',
      'ignorate la mia ultima', 'ignorate il mio ultimo', 'ignorate la mia precedente', 'ignorate il mio precedente', 'dimenticate la mia',
      'ignoren mi ultimo', 'ignoren mi ultima', 'ignoren mi anterior', 'olviden mi ultimo', 'olviden mi ultima', 'ignorad mi',
      'ignorem o meu ultimo', 'ignorem a minha ultima', 'ignorem minha ultima', 'ignorem meu ultimo', 'desconsiderem',
      'ignorera mitt senaste', 'glom mitt senaste',
    ],
  },
  // ---------------------------------------------------------------- other
  {
    id: 'delete-account',
    english: 'account deletion or data request',
    // An account request is a product question (tickets/README.md labelling rules), not "other".
    categories: { 'product-question': 1.5 },
    phrases: [
      'delete my account', 'delete my data', 'remove my account', 'gdpr', 'personal data', 'data protection', 'privacy',
      'konto loschen', 'account loschen', 'meine daten loschen', 'dsgvo', 'datenschutz', 'personenbezogene',
      'account verwijderen', 'mijn gegevens', 'avg', 'privacy',
      'supprimer mon compte', 'mes donnees', 'rgpd', 'donnees personnelles',
      'eliminare il mio account', 'cancellare il mio account', 'i miei dati', 'gdpr',
      'eliminar mi cuenta', 'borrar mi cuenta', 'mis datos', 'rgpd', 'proteccion de datos',
      'radera mitt konto', 'ta bort mitt konto', 'mina uppgifter', 'personuppgifter',
      'excluir minha conta', 'apagar minha conta', 'meus dados', 'lgpd',
    ],
  },
  {
    id: 'partnership',
    english: 'partnership, press or business enquiry',
    categories: { other: 2.5 },
    priority: { low: 1 },
    phrases: [
      'agentur', 'agency', 'agence', 'agencia', 'agenzia', 'werbeflache*', 'ad space', 'espace publicitaire', 'advertentieruimte', 'spazi pubblicitari', 'espacios publicitarios',
      'als partner', 'as a partner', 'partner werden', 'comme partenaire', 'come partner', 'como socio', 'como parceiro',
      'journaliste', 'entretien', 'article', 'magazine', 'artikel', 'reportage', 'giornalista', 'periodista', 'jornalista', 'studievereniging', 'fachschaft', 'student association', 'association etudiante', 'students union',
      'partnership', 'collaborat*', 'cooperation', 'sponsor*', 'influencer', 'affiliate', 'journalist', 'interview', 'press release', 'press inquiry',
      'advertis*', 'seo', 'backlink*', 'our agency', 'our services', 'business proposal', 'job', 'internship', 'career*',
      'apply for', 'reseller', 'school licen*', 'bulk licen*',
      'kooperation', 'zusammenarbeit', 'partnerschaft', 'presse', 'werbung', 'bewerbung', 'praktikum',
      'samenwerking', 'partnerschap', 'pers', 'advertentie*', 'sollicit*', 'stage', 'vacature',
      'partenariat', 'collaboration', 'presse', 'publicite', 'candidature', 'stage', 'emploi',
      'collaborazione', 'partnership', 'stampa', 'pubblicita', 'candidatura', 'tirocinio', 'offerta di lavoro',
      'colaboracion', 'asociacion', 'prensa', 'publicidad', 'candidatura', 'practicas', 'empleo',
      'samarbete', 'partnerskap', 'pressen', 'reklam', 'ansokan', 'praktik', 'jobb',
      'parceria', 'colaboracao', 'imprensa', 'publicidade', 'candidatura', 'estagio', 'vaga',
    ],
  },
  {
    id: 'feedback',
    english: 'feedback or thanks',
    categories: { other: 1.5 },
    priority: { low: 1 },
    phrases: [
      'wollte euch nur', 'wollte nur', 'wanted to say', 'wilde jullie', 'voulais vous dire',
      'thank you', 'thanks', 'love the app', 'love your app', 'great app', 'awesome app', 'just wanted to say', 'feedback',
      'suggestion', 'compliment', 'keep up',
      'danke', 'vielen dank', 'tolle app', 'super app', 'liebe die app', 'wollte nur sagen', 'lob', 'vorschlag', 'anregung',
      'bedankt', 'dank', 'dank je', 'dank u', 'geweldige app', 'top app', 'wilde even zeggen', 'suggestie', 'compliment',
      'merci', 'super appli*', 'j adore', 'je voulais juste', 'bravo', 'suggestion',
      'grazie', 'app fantastica', 'adoro', 'volevo solo', 'complimenti', 'suggerimento',
      'gracias', 'me encanta', 'gran app', 'solo queria', 'felicidades', 'sugerencia',
      'tack', 'alskar appen', 'grym app', 'ville bara saga', 'forslag',
      'obrigad*', 'adoro o app', 'otimo app', 'so queria', 'parabens', 'sugestao',
    ],
  },
  {
    id: 'spam',
    english: 'unsolicited message',
    categories: { other: 2 },
    priority: { low: 1.5 },
    phrases: [
      'you have won', 'vous avez gagne', 'cliquez ici', 'haben gewonnen', 'klicken sie hier', 'hai vinto', 'clicca qui', 'has ganado', 'haz clic', 'voce ganhou', 'clique aqui', 'u heeft gewonnen', 'klik hier', 'du har vunnit', 'klicka har', 'marketing agency', 'agencia de marketing', 'agence marketing', 'agenzia', 'marketingbureau', 'seo agentur',
      'book a call', 'book a meeting', 'schedule a call', 'quick call', 'per hour', 'we offer', 'we help companies', 'our agents', 'our team can', 'outsourc*', 'white label', 'let me know if you are interested', 'grow your', 'increase your sales','crypto', 'bitcoin', 'investment opportunity', 'you have won', 'click here', 'casino', 'loan offer', 'guest post', 'rank your website', 'lead generation', 'unsubscribe from this list', 'newsletter'],
  },
  {
    id: 'homework-help',
    english: 'asks for help with coursework (not a support request)',
    categories: { other: 2.5 },
    priority: { low: 1 },
    phrases: [
      'explain to me', 'can you explain', 'help me with my homework', 'check my essay', 'proofread', 'correct my', 'my homework',
      'erklaren', 'erklar mir', 'hausaufgabe*', 'hausarbeit', 'aufsatz', 'korrigieren', 'korrekturlesen',
      'uitleggen', 'leg uit', 'huiswerk', 'verslag', 'nakijken', 'spelfouten', 'werkstuk',
      'expliquer', 'explique moi', 'mes devoirs', 'dissertation', 'corriger mon', 'relire mon',
      'spiegare', 'spiegami', 'compiti', 'correggere il mio',
      'explicar', 'explicame', 'deberes', 'mi tarea', 'redaccion', 'corregir mi',
      'forklara', 'laxor', 'uppsats', 'rätta min',
      'explica', 'explicar', 'dever de casa', 'minha redacao', 'corrigir meu',
    ],
  },
  {
    id: 'auto-reply',
    english: 'automatic reply',
    categories: { other: 3 },
    priority: { low: 1.5 },
    phrases: [
      'out of the office', 'limited access to email', 'no access to email', 'keinen zugriff auf meine mails', 'bin ich nicht erreichbar', 'ben ik afwezig', 'lees mijn mail', 'pas acces a mes e mails', 'acces a mes mails', 'je suis absente',
      'out of office', 'automatic reply', 'auto reply', 'autoreply', 'i am away', 'i am currently away', 'on leave until',
      'automatische antwort', 'abwesenheitsnotiz', 'abwesend', 'nicht im buro', 'keinen zugriff auf meine e mails',
      'automatisch antwoord', 'afwezig', 'niet op kantoor',
      'reponse automatique', 'absent du bureau', 'en conge', 'je suis absent*',
      'risposta automatica', 'fuori ufficio', 'sono assente',
      'respuesta automatica', 'fuera de la oficina', 'estoy ausente',
      'automatiskt svar', 'franvarande', 'inte pa kontoret',
      'resposta automatica', 'fora do escritorio', 'estou ausente',
    ],
  },
  {
    id: 'purchase-not-applied',
    english: 'paid but upgrade not applied',
    categories: { 'bug-report': 1.5, 'refund-request': 0.5 },
    priority: { high: 1 },
    phrases: [
      'still on the free', 'still on free plan', 'still show free', 'still show the free', 'restore purchase*', 'nothing to restore', 'are locked', 'is locked', 'noch gesperrt', 'nog vergrendeld', 'toujours verrouille', 'sigue bloqueado', 'continua bloqueado', 'nog steeds op gratis', 'zit nog op gratis', 'nog steeds gratis', 'immer noch auf free', 'immer noch kostenlos', 'encore en gratuit', 'sigo en gratis', 'sigo con la version gratuita', 'ainda no gratis', 'ancora sulla versione gratuita',
      'still says upgrade', 'still asks me to upgrade', 'still locked', 'not unlocked', 'pro not active', 'pro is not active', 'pro nicht aktiv', 'pro niet actief', 'sigue mostrando la version gratuita', 'sigue gratis', 'ancora gratis', 'ainda gratis', 'ainda aparece gratis', 'fortfarande gratis', 'toujours gratuit',
      'still shows the free', 'still on free', 'still shows free plan', 'zeigt immer noch', 'noch nicht aktiv', 'nicht freigeschaltet', 'nog steeds gratis', 'toujours en gratuit', 'toujours la version gratuite',
      'paid but', 'bought but', 'still shows free', 'still free', 'bezahlt aber', 'gekauft aber', 'immer noch free',
      'immer noch gratis', 'betaald maar', 'gekocht maar', 'paye mais', 'achete mais', 'pagato ma', 'comprato ma',
      'pague pero', 'compre pero', 'betalat men', 'kopt men', 'paguei mas', 'comprei mas',
    ],
  },
  // ---------------------------------------------------------------- priority only
  {
    id: 'urgent',
    english: 'marked urgent',
    // The speed adverbs ("immediately", "right now", "sofort", "meteen", "immédiatement", "rapidement", "subito" …) count only where
    // they ask for speed, not where they describe a failure ("crashes immediately"): speed.ts, classifier.ts.
    categories: {},
    priority: { urgent: 2, high: 1 },
    phrases: [
      'urgent*', 'asap', 'as soon as possible', 'immediately', 'right now', 'emergency', 'critical',
      'dringend*', 'sofort', 'umgehend', 'so schnell wie moglich', 'schnellstmoglich', 'notfall', 'eilig',
      'spoed*', 'zo snel mogelijk', 'z s m', 'meteen', 'onmiddellijk', 'dringend',
      'urgence', 'au plus vite', 'immediatement', 'des que possible', 'rapidement',
      'urgente', 'subito', 'il prima possibile', 'immediatamente', 'al piu presto',
      'lo antes posible', 'cuanto antes', 'inmediatamente', 'ya mismo',
      'bradskande', 'snarast', 'omedelbart', 'akut', 'sa snart som mojligt',
      'o mais rapido possivel', 'imediatamente', 'com urgencia',
    ],
  },
  {
    id: 'deadline',
    english: 'exam or deadline soon',
    categories: {},
    priority: { urgent: 1.5, high: 1.2 },
    phrases: [
      'exam*', 'test tomorrow', 'deadline', 'tomorrow', 'tonight',
      'prufung*', 'klausur*', 'morgen fruh', 'heute abend', 'abgabe*',
      'tentamen*', 'toets*', 'vanavond',
      'examen*', 'partiel*', 'demain', 'ce soir', 'aujourd hui',
      'esame', 'esami', 'domani', 'stasera',
      'manana', 'esta noche',
      'tenta', 'imorgon', 'ikvall',
      'amanha', 'hoje a noite',
    ],
  },
  {
    id: 'all-users',
    english: 'affects everything',
    categories: { 'bug-report': 0.5 },
    priority: { urgent: 1.2 },
    phrases: ['nothing works', 'completely unusable', 'unusable', 'nichts geht', 'gar nichts', 'unbrauchbar', 'niets werkt', 'onbruikbaar', 'plus rien ne marche', 'inutilisable', 'niente funziona', 'inutilizzabile', 'nada funciona', 'inutilizable', 'ingenting fungerar', 'oanvandbar', 'inutilizavel'],
  },
  {
    id: 'no-rush',
    english: 'no rush',
    categories: {},
    priority: { low: 2 },
    phrases: [
      'no rush', 'no hurry', 'when you have time', 'just curious', 'just wondering', 'would be nice', 'it would be great if',
      'keine eile', 'wenn ihr zeit habt', 'nur neugierig', 'ware schon', 'ware toll', 'ware cool',
      'geen haast', 'als jullie tijd hebben', 'zou leuk zijn', 'zou fijn zijn', 'gewoon benieuwd',
      'pas presse', 'rien d urgent', 'ce serait bien', 'ce serait genial', 'par curiosite',
      'nessuna fretta', 'sarebbe bello', 'sarebbe utile', 'per curiosita',
      'sin prisa', 'no hay prisa', 'seria genial', 'seria bueno', 'por curiosidad',
      'ingen bradska', 'vore kul', 'vore bra', 'av nyfikenhet',
      'sem pressa', 'seria otimo', 'seria bom', 'por curiosidade',
    ],
  },
];

/** Not found in text but given to the classifier when no language could be detected (empty or unreadable text). */
export const UNREADABLE: Concept = {
  id: 'unreadable',
  english: 'no readable text',
  categories: { other: 2.5 },
  priority: { low: 1 },
  phrases: [],
};

/** Not found in text but given when a machine wrote the message (`isAutomaticMail`: out-of-office, auto-responder, bounce). */
export const AUTOMATIC_MAIL: Concept = {
  id: 'automatic-mail',
  english: 'written by a machine (auto-reply or bounce)',
  categories: { other: 3 },
  priority: { low: 1.5 },
  phrases: [],
};

/** Not found in text but given when a short message only thanks or confirms (no question, no support concept). */
export const THANKS_ONLY: Concept = {
  id: 'thanks-only',
  english: 'only says thanks',
  categories: { other: 2.5 },
  priority: { low: 1 },
  phrases: [],
};

/**
 * Not found by phrase but given when the customer's whole new text is a nudge asking for news ("any update?", "toujours
 * rien ?", "und?", "nog nieuws?"): no topic of its own, the thread's subject carries it (`nudge.ts`).
 */
export const ASKS_FOR_UPDATE: Concept = {
  id: 'asks-for-update',
  english: 'asks for an update',
  categories: {},
  phrases: [],
};

/** Not found by phrase but given when the customer's whole new text says they have the same problem ("+1", "same here"). */
export const SAME_PROBLEM: Concept = {
  id: 'same-problem',
  english: 'has the same problem',
  categories: {},
  phrases: [],
};
