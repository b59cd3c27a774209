/**
 * The sidebar's browser script, kept as plain ES5-ish text so the page needs no build step and the CSP can
 * allow exactly this script by its hash. Data from Sentry, PostHog and the database is only ever put in the
 * page with textContent / createElement (never innerHTML), and links are only followed for http(s) URLs.
 *
 * It looks up by CONVERSATION, never by e-mail: it takes the conversation id from Chatwoot's `appContext`
 * message (accepted only from the parent window on the configured Chatwoot origin, read from the page's
 * `data-chatwoot-origin`), and asks `sidebar/context?conversation_id=N` with the sidebar token from the URL
 * fragment. The server resolves the contact through Chatwoot and calls the enrichment service itself.
 */
export const SIDEBAR_SCRIPT = String.raw`
(function () {
  'use strict';
  var FETCH_INFO = 'chatwoot-dashboard-app:fetch-info';
  var token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  var root = document.getElementById('app');
  var chatwootOrigin = root.getAttribute('data-chatwoot-origin') || '';
  var currentConversation = null;
  var requestSeq = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function isWebUrl(value) {
    try { var u = new URL(String(value)); return u.protocol === 'https:' || u.protocol === 'http:'; } catch (e) { return false; }
  }
  function link(href, text) {
    if (!isWebUrl(href)) return el('span', null, text);
    var a = el('a', null, text);
    a.href = String(href);
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }
  function when(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
  }
  function duration(seconds) {
    var s = Math.max(0, Math.round(Number(seconds) || 0));
    var m = Math.floor(s / 60);
    return m > 0 ? m + ' min ' + (s % 60) + ' s' : s + ' s';
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function notice(text, kind) { clear(root); root.appendChild(el('p', 'notice ' + (kind || ''), text)); }

  function section(title, result, notFoundText, renderOk) {
    var box = el('section', 'source');
    box.setAttribute('data-source', title.toLowerCase());
    box.appendChild(el('h2', null, title));
    var status = result && result.status;
    if (status === 'ok') renderOk(box, result.data);
    else if (status === 'not_configured') box.appendChild(el('p', 'line muted', 'Not configured.'));
    else if (status === 'not_found') box.appendChild(el('p', 'line muted', notFoundText));
    else if (status === 'timeout') box.appendChild(el('p', 'line warn', 'Timed out: ' + (result.reason || 'no answer in time')));
    else if (status === 'error') box.appendChild(el('p', 'line bad', 'Unavailable: ' + (result.reason || 'unknown error')));
    else box.appendChild(el('p', 'line bad', 'Unexpected answer.'));
    return box;
  }

  function renderSentry(box, data) {
    var issues = (data && data.issues) || [];
    if (issues.length === 0) { box.appendChild(el('p', 'line ok', 'No unresolved issues in the last 14 days.')); return; }
    var list = el('ul', 'items');
    issues.forEach(function (issue) {
      var item = el('li', 'item');
      var head = el('div', 'item-head');
      head.appendChild(el('span', 'badge level-' + String(issue.level).replace(/[^a-z]/gi, ''), issue.level));
      head.appendChild(link(issue.link, issue.title));
      item.appendChild(head);
      item.appendChild(el('div', 'meta', issue.count + ' events \u00b7 last seen ' + when(issue.lastSeen)));
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function renderPosthog(box, data) {
    var person = el('p', 'line');
    person.appendChild(link(data.personUrl, 'Open person in PostHog'));
    box.appendChild(person);
    var recordings = data.recordings || [];
    if (recordings.length === 0) { box.appendChild(el('p', 'line muted', 'No session recordings in the last 30 days.')); return; }
    var list = el('ul', 'items');
    recordings.forEach(function (rec) {
      var item = el('li', 'item');
      item.appendChild(link(rec.link, when(rec.startTime)));
      item.appendChild(el('span', 'meta', ' \u00b7 ' + duration(rec.durationSeconds)));
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function renderAccount(box, data) {
    var table = el('table', 'facts');
    function row(label, value) {
      var tr = el('tr');
      tr.appendChild(el('th', null, label));
      tr.appendChild(el('td', null, value === null || value === undefined ? '\u2014' : value));
      table.appendChild(tr);
    }
    row('Plan', data.plan);
    row('Signed up', data.signedUpAt ? when(data.signedUpAt) : null);
    var attributes = data.attributes || {};
    Object.keys(attributes).forEach(function (key) { row(key, attributes[key]); });
    box.appendChild(table);
  }

  function render(body) {
    clear(root);
    var contact = body.contact || {};
    var enrichment = body.enrichment || {};
    var header = el('header', 'contact');
    header.appendChild(el('div', 'name', contact.name || contact.email || 'Unknown contact'));
    if (contact.email) header.appendChild(el('div', 'email', contact.email));
    root.appendChild(header);
    if (!contact.email) { root.appendChild(el('p', 'notice muted', 'This contact has no email address, so there is nothing to look up.')); return; }
    if (enrichment.status !== 'ok') {
      root.appendChild(el('p', 'notice bad', 'No customer context: ' + (enrichment.reason || 'the enrichment service gave no answer') + '.'));
      return;
    }
    var result = enrichment.enrichment || {};
    root.appendChild(section('Sentry', result.sentry, 'No Sentry data for this customer.', renderSentry));
    root.appendChild(section('PostHog', result.posthog, 'No PostHog person with this email.', renderPosthog));
    root.appendChild(section('Account', result.account, 'No account with this email.', renderAccount));
  }

  function load(conversationId) {
    if (conversationId === currentConversation) return;
    currentConversation = conversationId;
    if (!token) { notice('No token: set the dashboard app URL to \u2026/sidebar#token=<SIDEBAR_TOKEN>.', 'bad'); return; }
    var seq = ++requestSeq;
    notice('Looking up the customer of conversation #' + conversationId + '\u2026', 'muted');
    var url = new URL('sidebar/context', location.href);
    url.hash = '';
    url.searchParams.set('conversation_id', String(conversationId));
    fetch(url.toString(), { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store', credentials: 'omit' })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (body) { return { res: res, body: body }; });
      })
      .then(function (r) {
        if (seq !== requestSeq) return;
        if (r.res.status === 401) { notice('The token in the dashboard app URL was rejected.', 'bad'); return; }
        if (!r.res.ok) { notice('Lookup failed: ' + ((r.body && r.body.error) || ('HTTP ' + r.res.status)), 'bad'); currentConversation = null; return; }
        render(r.body);
      })
      .catch(function () {
        if (seq !== requestSeq) return;
        currentConversation = null;
        notice('The triage pipeline could not be reached.', 'bad');
      });
  }

  window.addEventListener('message', function (event) {
    // Only Chatwoot, framing this page, may tell it which conversation is open.
    if (event.source !== window.parent || !chatwootOrigin || event.origin !== chatwootOrigin || typeof event.data !== 'string') return;
    var message;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    if (!message || message.event !== 'appContext' || !message.data) return;
    var conversation = message.data.conversation;
    var id = conversation && Number(conversation.id);
    if (!id || id < 1 || id % 1 !== 0) { currentConversation = null; notice('Open a conversation to see its customer.', 'muted'); return; }
    load(id);
  });

  if (window.parent !== window && chatwootOrigin) window.parent.postMessage(FETCH_INFO, chatwootOrigin);
  else if (window.parent !== window) notice('The Chatwoot origin is not configured.', 'bad');
  else notice('Open this page as a Chatwoot dashboard app.', 'muted');
})();
`;
