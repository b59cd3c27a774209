import { formatDuration } from './duration.js';
import type { SlaAction, SlaClockName } from './evaluate.js';

const CLOCK_NAMES: Record<SlaClockName, string> = { first_response: 'first response', resolution: 'resolution' };

/** The marker that makes each SLA note idempotent (same `ai-triage ref` convention as the triage notes). */
export function slaNoteMarker(jobKey: string, action: Pick<SlaAction, 'kind' | 'clock'>): string {
  return `ai-triage ref ${jobKey}/${action.clock}-${action.kind.replace('_', '-')}`;
}

export function slaNote(jobKey: string, action: SlaAction, priority: string, businessHours: boolean, escalatedTeam: string | null): string {
  const { report } = action;
  const what = CLOCK_NAMES[action.clock];
  const target = formatDuration(report.targetSeconds ?? 0);
  const used = formatDuration(report.elapsedSeconds);
  const unit = businessHours ? ' (business hours)' : '';
  const lines =
    action.kind === 'at_risk'
      ? [
          `**⏳ SLA at risk** · ${what} · priority ${priority}`,
          `${used} of the ${target}${unit} ${what} target used; ${formatDuration(report.remainingSeconds ?? 0)} left.`,
        ]
      : [
          `**🚨 SLA breached** · ${what} · priority ${priority}`,
          `The ${target}${unit} ${what} target has passed (${used} used).`,
          ...(escalatedTeam ? [`Escalated to team ${escalatedTeam}.`] : []),
        ];
  return `${lines.join('\n')}\n\n_${slaNoteMarker(jobKey, action)}_`;
}
