import { join } from 'node:path';
import { REPO_ROOT } from '../../../ai-pipeline/src/config/paths.js';
import { ticketPaths } from '../../../ai-pipeline/src/model/index.js';
import { loadHeldoutTickets, loadTickets, loadTrainingSources, loadTrainingTickets, type Ticket } from '../../../ai-pipeline/src/tickets/ticket.js';
import { ticketFolds } from '../eval/run.js';
import { loadDemoTickets, type DemoArgs } from './args.js';

export const FOLDS = 5;

/**
 * The tickets to play and the ones the offline model trains on: never the same ticket in both. With --tickets (a
 * team's own tickets) the model trains on TICKETS_DIR when it is set (the team's labelled tickets, as `npm start`
 * and `npm run eval` do), else on tickets/ and tickets/extra/.
 */
export async function splitTickets(args: DemoArgs, env: Record<string, string | undefined> = process.env): Promise<{ play: Ticket[]; train: Ticket[]; what: string }> {
  const dir = join(REPO_ROOT, 'tickets');
  if (args.tickets !== undefined) {
    const play = await loadDemoTickets(args.tickets);
    const sources = env.TICKETS_DIR ? ticketPaths(env.TICKETS_DIR) : [dir];
    const training = await loadTrainingSources(sources);
    const from = env.TICKETS_DIR ? `TICKETS_DIR (${env.TICKETS_DIR})` : 'tickets/ and tickets/extra/';
    // A played ticket that is also a training ticket (same text) is left out of training, so it is never scored on what it learnt from.
    const played = new Set(play.map((t) => `${t.subject}\n${t.body}`));
    const train = training.filter((t) => !played.has(`${t.subject}\n${t.body}`));
    const dropped = training.length - train.length;
    return { play, train, what: `${args.tickets} (${play.length} tickets; the offline model trains on the ${train.length} tickets of ${from}${dropped ? `, less ${dropped} that are also played` : ''})` };
  }
  const sample = await loadTickets(dir);
  const training = await loadTrainingTickets(dir);
  const extra = training.slice(sample.length);
  if (args.heldout) {
    const heldout = await loadHeldoutTickets(dir);
    if (heldout.length === 0) throw new Error('--heldout: tickets/heldout/ has no tickets');
    return { play: heldout, train: training, what: `the ${heldout.length} held-out tickets of tickets/heldout/ (trained on the ${training.length} tickets of tickets/ and tickets/extra/)` };
  }
  const fold = ticketFolds(sample, FOLDS);
  const play = sample.filter((_, i) => fold[i] === args.fold - 1);
  const train = [...sample.filter((_, i) => fold[i] !== args.fold - 1), ...extra];
  return { play, train, what: `fold ${args.fold}/${FOLDS} of tickets/ (${play.length} tickets the offline model has not seen; it trains on the other ${train.length})` };
}
