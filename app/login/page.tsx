import type { Metadata } from 'next';
import { SignInForm } from '@/components/access/sign-in-form';

export const metadata: Metadata = { title: 'Sign in · Gateway Lens' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  return <SignInForm next={typeof next === 'string' ? next : null} />;
}
