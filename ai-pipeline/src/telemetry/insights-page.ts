/**
 * The insights page: a Chatwoot dashboard app (iframe) served by the pipeline. The HTML carries no data; the
 * script reads the token from the URL fragment (`/insights#token=<SIDEBAR_TOKEN>`, never sent to a server log),
 * fetches `insights/data` with it and draws with Chart.js, loaded from this server (no CDN).
 */
export const INSIGHTS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  'frame-ancestors *',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export const INSIGHTS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Triage insights</title>
<link rel="stylesheet" href="insights/app.css">
</head>
<body>
<header>
  <h1>Triage insights</h1>
  <label>Period <select id="days"><option value="7">7 days</option><option value="30" selected>30 days</option><option value="90">90 days</option></select></label>
</header>
<p id="notice" role="status"></p>
<section class="figures" aria-label="Key figures">
  <div><span class="label">Tickets</span><span class="value" data-figure="tickets">–</span></div>
  <div><span class="label">Drafts used</span><span class="value" data-figure="draftUsedRate">–</span></div>
  <div><span class="label">Auto-assigned</span><span class="value" data-figure="autoAssignShare">–</span></div>
  <div><span class="label">Auto-assigned, then corrected</span><span class="value" data-figure="autoAssignCorrectedShare">–</span></div>
  <div><span class="label">Webhook → notes p50 / p95</span><span class="value" data-figure="latency">–</span></div>
  <div><span class="label">Cost per ticket</span><span class="value" data-figure="costPerTicket">–</span></div>
  <div><span class="label">Corrections</span><span class="value" data-figure="corrections">–</span></div>
  <div><span class="label">Failures</span><span class="value" data-figure="failures">–</span></div>
</section>
<section class="charts">
  <figure><figcaption>Tickets per day by category</figcaption><canvas id="chart-tickets" role="img" aria-label="Tickets per day by category"></canvas></figure>
  <figure><figcaption>Draft used rate per day</figcaption><canvas id="chart-drafts" role="img" aria-label="Draft used rate per day"></canvas></figure>
  <figure><figcaption>Correction rate per category</figcaption><canvas id="chart-corrections" role="img" aria-label="Correction rate per category"></canvas></figure>
  <figure><figcaption>Estimated model cost per day (USD)</figcaption><canvas id="chart-cost" role="img" aria-label="Estimated model cost per day"></canvas></figure>
</section>
<script src="insights/chart.umd.min.js"></script>
<script src="insights/app.js"></script>
</body>
</html>`;

export const INSIGHTS_STYLES = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px; color: #1f2d3d; background: #fff; }
header { display: flex; justify-content: space-between; align-items: center; gap: 12px; }
h1 { font-size: 18px; margin: 0; }
#notice { min-height: 1.4em; color: #6b7280; }
#notice.bad { color: #b91c1c; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin-bottom: 16px; }
.figures div { border: 1px solid #e5e7eb; border-radius: 6px; padding: 8px; }
.label { display: block; color: #6b7280; font-size: 12px; }
.value { font-size: 20px; font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 16px; }
figure { margin: 0; border: 1px solid #e5e7eb; border-radius: 6px; padding: 8px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
canvas { max-height: 260px; }
`;

export const INSIGHTS_SCRIPT = `(function () {
  'use strict';
  var token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  var charts = {};
  var COLORS = { 'bug-report': '#dc2626', 'refund-request': '#d97706', 'product-question': '#2563eb', 'other': '#6b7280' };
  function notice(text, bad) { var n = document.getElementById('notice'); n.textContent = text; n.className = bad ? 'bad' : ''; }
  function pct(x) { return x === null || x === undefined ? 'n/a' : (Math.round(x * 1000) / 10) + ' %'; }
  function secs(x) { return x === null || x === undefined ? 'n/a' : (Math.round(x * 10) / 10) + ' s'; }
  function usd(x) { return x === null || x === undefined ? 'n/a' : '$' + x.toFixed(4); }
  function figure(name, text) { document.querySelector('[data-figure="' + name + '"]').textContent = text; }
  function draw(id, config) { if (charts[id]) charts[id].destroy(); charts[id] = new Chart(document.getElementById(id), config); }
  function render(s) {
    figure('tickets', String(s.tickets.total));
    figure('draftUsedRate', pct(s.drafts.usedRate) + ' of ' + s.drafts.compared);
    figure('autoAssignShare', pct(s.autoAssign.share));
    figure('autoAssignCorrectedShare', pct(s.autoAssign.correctedShare));
    figure('latency', secs(s.webhookToNotesSeconds.p50) + ' / ' + secs(s.webhookToNotesSeconds.p95));
    figure('costPerTicket', usd(s.model.perTicket.costUsd));
    figure('corrections', String(s.corrections.total));
    figure('failures', String(s.failures.total));
    var days = s.perDay.map(function (d) { return d.day; });
    var cats = Object.keys(s.tickets.byCategory).sort();
    var opts = { animation: false, responsive: true, maintainAspectRatio: true };
    draw('chart-tickets', { type: 'bar', data: { labels: days, datasets: cats.map(function (c) {
      return { label: c, backgroundColor: COLORS[c] || '#9ca3af', data: s.perDay.map(function (d) { return d.byCategory[c] || 0; }) };
    }) }, options: Object.assign({ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }, opts) });
    draw('chart-drafts', { type: 'line', data: { labels: days, datasets: [{ label: 'used rate', borderColor: '#059669', spanGaps: true,
      data: s.perDay.map(function (d) { return d.draftUsedRate; }) }] }, options: Object.assign({ scales: { y: { min: 0, max: 1 } } }, opts) });
    var corr = Object.keys(s.corrections.byCategory).sort();
    draw('chart-corrections', { type: 'bar', data: { labels: corr, datasets: [{ label: 'corrected share', backgroundColor: '#7c3aed',
      data: corr.map(function (c) { return s.corrections.byCategory[c].rate || 0; }) }] }, options: Object.assign({ scales: { y: { min: 0, max: 1 } } }, opts) });
    draw('chart-cost', { type: 'bar', data: { labels: days, datasets: [{ label: 'USD', backgroundColor: '#0891b2',
      data: s.perDay.map(function (d) { return d.costUsd; }) }] }, options: Object.assign({ scales: { y: { beginAtZero: true } } }, opts) });
    document.body.setAttribute('data-ready', 'true');
  }
  function load() {
    if (!token) { notice('No token: set the dashboard app URL to \\u2026/insights#token=<SIDEBAR_TOKEN>.', true); return; }
    var days = document.getElementById('days').value;
    notice('Loading\\u2026', false);
    fetch('insights/data?days=' + encodeURIComponent(days), { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store', credentials: 'omit' })
      .then(function (res) {
        if (res.status === 401) { notice('The token in the dashboard app URL was rejected.', true); return null; }
        if (!res.ok) { notice('The pipeline answered HTTP ' + res.status + '.', true); return null; }
        return res.json();
      })
      .then(function (s) { if (s) { notice('Last ' + s.window.days + ' days, until ' + s.window.to.slice(0, 16).replace('T', ' ') + ' UTC.', false); render(s); } })
      .catch(function () { notice('The pipeline could not be reached.', true); });
  }
  document.getElementById('days').addEventListener('change', load);
  load();
})();
`;
