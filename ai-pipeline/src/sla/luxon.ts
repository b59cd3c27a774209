import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let lib: typeof import('luxon') | null = null;

/** luxon, loaded at the first SLA configuration or business-hours computation instead of at start-up (its 0.5 MB of source stays out of an idle pipeline without SLAs). */
export function luxon(): typeof import('luxon') {
  return (lib ??= require('luxon') as typeof import('luxon'));
}
