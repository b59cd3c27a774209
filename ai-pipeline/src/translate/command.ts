/** An agent's translation command on a private note. */
export interface TranslateCommand {
  /** 'translate' = post the translation as a note; 'send' = send it to the customer. */
  action: 'translate' | 'send';
  text: string;
}

const COMMAND = /^\s*\/(translate|send)(?=\s|$)([\s\S]*)$/;

/** Reads `/translate <text>` or `/send <text>` at the start of a note; null when the note is not a command. */
export function parseTranslateCommand(content: string | null | undefined): TranslateCommand | null {
  if (!content) return null;
  const m = COMMAND.exec(content);
  if (!m) return null;
  return { action: m[1] as 'translate' | 'send', text: m[2]!.trim() };
}
