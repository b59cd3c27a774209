import { createHash } from 'node:crypto';
import { SIDEBAR_SCRIPT } from './script.js';
import { SIDEBAR_STYLES } from './styles.js';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The complete, self-contained sidebar page (no external assets) for dashboards on `chatwootOrigin`. */
export function sidebarHtml(chatwootOrigin: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Customer context</title>
<style>${SIDEBAR_STYLES}</style>
</head>
<body>
<main id="app" data-chatwoot-origin="${escapeAttribute(chatwootOrigin)}"><p class="notice muted">Waiting for the conversation from Chatwoot…</p></main>
<script>${SIDEBAR_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * Strict CSP: only this page's own inline script and style (by hash), fetches only to this origin, nothing
 * else; and only Chatwoot's dashboard (`chatwootOrigin`) may frame it.
 */
export function sidebarCsp(chatwootOrigin: string): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(SIDEBAR_SCRIPT)}`,
    `style-src ${sha256(SIDEBAR_STYLES)}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${chatwootOrigin}`,
  ].join('; ');
}
