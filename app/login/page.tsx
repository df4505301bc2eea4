import type { Metadata } from 'next';
import Link from 'next/link';
import { SignInForm } from '@/components/access/sign-in-form';

export const metadata: Metadata = { title: 'Sign in · Gateway Lens' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  if (!process.env.GATEWAY_LENS_TOKEN) {
    return (
      <p className="mx-auto mt-12 max-w-md rounded-md border border-border bg-panel p-6 text-sm" data-testid="no-token">
        This Gateway Lens asks for no token (GATEWAY_LENS_TOKEN is not set): <Link className="text-accent hover:underline" href="/">go to the incidents</Link>.
      </p>
    );
  }
  return <SignInForm next={typeof next === 'string' ? next : null} />;
}
