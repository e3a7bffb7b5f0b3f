import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { FocusableScrollRegions } from '@/components/focusable-scroll-regions';
import { ThemeScript } from '@/components/theme-script';
import { ZodWithoutEval } from '@/components/zod-without-eval';
import './globals.css';

export const metadata: Metadata = {
  title: 'Ask your data',
  description: 'Ask questions of your data files; answers computed by real Python in your browser.',
};

/**
 * Every page, the not-found page included, renders per request: proxy.ts sends a fresh CSP nonce with each one and
 * Next can only tag its scripts with it while rendering. A page pre-rendered at build time would carry no nonce, and
 * the CSP would block its scripts.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    // The theme script sets data-theme on <html> before React hydrates: not a mismatch to report.
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <ZodWithoutEval />
        <FocusableScrollRegions />
        {children}
      </body>
    </html>
  );
}
