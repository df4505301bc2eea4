import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SignOut } from '@/components/access/sign-out';
import { Providers } from '@/components/providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'Gateway Lens',
  description: 'Which upstream is behind the 502s, since when, and why.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <header className="border-b border-border bg-panel print:hidden">
          <div className="mx-auto flex max-w-[2400px] items-center gap-3 px-4 py-3">
            <Link href="/" className="text-lg font-semibold tracking-tight">
              Gateway <span className="text-bad">Lens</span>
            </Link>
            <span className="text-sm text-muted">which upstream is behind the 502s, since when, and why</span>
            <SignOut />
          </div>
        </header>
        <Providers>
          <main className="mx-auto max-w-[2400px] px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
