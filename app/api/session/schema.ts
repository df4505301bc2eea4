import { z } from 'zod';

export const SignInBody = z.object({ token: z.string().min(1, 'give the token').max(4096) });
