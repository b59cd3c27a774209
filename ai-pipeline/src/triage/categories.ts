import { z } from 'zod';

/** The four triage categories. Labels in Chatwoot use exactly these strings. */
export const CATEGORIES = ['bug-report', 'refund-request', 'product-question', 'other'] as const;
export const categorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof categorySchema>;

/** Chatwoot's own conversation priorities. */
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const prioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof prioritySchema>;
