/** The price table lives with the pipeline's telemetry (it estimates cost per ticket too); re-exported for the eval. */
export { PRICE_PER_MTOK, estimateCost, priceFor } from '../../../ai-pipeline/src/telemetry/pricing.js';
