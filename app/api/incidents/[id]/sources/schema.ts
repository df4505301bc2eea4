import { z } from 'zod';

export const UploadQuery = z.object({
  name: z.string().trim().min(1).max(500).default('upload.log'),
  format: z.string().trim().min(1).optional(),
});
export type UploadQuery = z.infer<typeof UploadQuery>;
