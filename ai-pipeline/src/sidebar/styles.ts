/** The sidebar's only stylesheet (inline, allowed by the CSP through its hash). */
export const SIDEBAR_STYLES = `
:root { color-scheme: light dark; --muted: #6b7280; --bad: #b91c1c; --warn: #b45309; --ok: #15803d; --line: #e5e7eb; }
* { box-sizing: border-box; }
body { margin: 0; padding: 12px; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; margin: 0 0 6px; color: var(--muted); }
.contact { margin-bottom: 12px; }
.contact .name { font-weight: 600; font-size: 14px; }
.contact .email, .meta, .muted { color: var(--muted); }
.source { border-top: 1px solid var(--line); padding: 10px 0; }
.line { margin: 4px 0; }
.bad { color: var(--bad); } .warn { color: var(--warn); } .ok { color: var(--ok); }
.items { list-style: none; margin: 0; padding: 0; }
.item { padding: 4px 0; overflow-wrap: anywhere; }
.item-head { display: flex; gap: 6px; align-items: baseline; }
.badge { flex: none; white-space: nowrap; font-size: 11px; padding: 0 5px; border-radius: 4px; background: var(--line); color: #111827; }
.level-error, .level-fatal { background: #fee2e2; color: var(--bad); }
.level-warning { background: #fef3c7; color: var(--warn); }
.facts { border-collapse: collapse; width: 100%; }
.facts th { text-align: left; font-weight: 500; color: var(--muted); padding: 2px 8px 2px 0; vertical-align: top; white-space: nowrap; }
.facts td { padding: 2px 0; overflow-wrap: anywhere; }
a { color: #2563eb; }
`;
