import { createHash } from 'node:crypto';
import { SIDEBAR_SCRIPT } from './script.js';
import { SIDEBAR_STYLES } from './styles.js';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The complete, self-contained sidebar page (no external assets). */
export const SIDEBAR_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Customer context</title>
<style>${SIDEBAR_STYLES}</style>
</head>
<body>
<main id="app"><p class="notice muted">Waiting for the conversation from Chatwoot…</p></main>
<script>${SIDEBAR_SCRIPT}</script>
</body>
</html>
`;

/**
 * Strict CSP: only this page's own inline script and style (by hash), fetches only to this origin, nothing
 * else. No frame-ancestors: Chatwoot, on its own origin, has to be able to frame the page.
 */
export const SIDEBAR_CSP = [
  "default-src 'none'",
  `script-src ${sha256(SIDEBAR_SCRIPT)}`,
  `style-src ${sha256(SIDEBAR_STYLES)}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
