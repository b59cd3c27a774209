/**
 * The sidebar's browser script, kept as plain ES5-ish text so the page needs no build step and the CSP can
 * allow exactly this script by its hash. Data from Sentry, PostHog and the database is only ever put in the
 * page with textContent / createElement (never innerHTML), and links are only followed for http(s) URLs.
 */
export const SIDEBAR_SCRIPT = String.raw`
(function () {
  'use strict';
  var FETCH_INFO = 'chatwoot-dashboard-app:fetch-info';
  var token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  var root = document.getElementById('app');
  var currentEmail = null;
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

  function render(contact, result) {
    clear(root);
    var header = el('header', 'contact');
    header.appendChild(el('div', 'name', contact.name || result.email));
    header.appendChild(el('div', 'email', result.email));
    root.appendChild(header);
    root.appendChild(section('Sentry', result.sentry, 'No Sentry data for this customer.', renderSentry));
    root.appendChild(section('PostHog', result.posthog, 'No PostHog person with this email.', renderPosthog));
    root.appendChild(section('Account', result.account, 'No account with this email.', renderAccount));
  }

  function load(contact) {
    var email = typeof contact.email === 'string' ? contact.email.trim() : '';
    if (!email) { currentEmail = null; notice('This contact has no email address, so there is nothing to look up.', 'muted'); return; }
    if (email === currentEmail) return;
    currentEmail = email;
    if (!token) { notice('No token: set the dashboard app URL to \u2026/sidebar#token=<ENRICHMENT_TOKEN>.', 'bad'); return; }
    var seq = ++requestSeq;
    notice('Looking up ' + email + '\u2026', 'muted');
    var url = new URL('enrich', location.href);
    url.searchParams.set('email', email);
    fetch(url.toString(), { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store', credentials: 'omit' })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (body) { return { res: res, body: body }; });
      })
      .then(function (r) {
        if (seq !== requestSeq) return;
        if (r.res.status === 401) { notice('The token in the dashboard app URL was rejected.', 'bad'); return; }
        if (!r.res.ok) { notice('Lookup failed: ' + ((r.body && r.body.error) || ('HTTP ' + r.res.status)), 'bad'); currentEmail = null; return; }
        render(contact, r.body);
      })
      .catch(function () {
        if (seq !== requestSeq) return;
        currentEmail = null;
        notice('The enrichment service could not be reached.', 'bad');
      });
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || typeof event.data !== 'string') return;
    var message;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    if (!message || message.event !== 'appContext' || !message.data) return;
    var data = message.data;
    var sender = data.conversation && data.conversation.meta && data.conversation.meta.sender;
    load(data.contact || sender || {});
  });

  if (window.parent !== window) window.parent.postMessage(FETCH_INFO, '*');
  else notice('Open this page as a Chatwoot dashboard app.', 'muted');
})();
`;
