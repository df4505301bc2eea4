import { z } from 'zod';

export const NewAnnotation = z.object({
  time: z.union([z.number().int(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]),
  label: z.string().trim().min(1).max(200),
});
