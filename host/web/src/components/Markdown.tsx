import { Marked, type Tokens } from "marked";
import { useMemo } from "react";

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const safeHref = (href: string) => /^(https?:|mailto:|#|\/)/i.test(href.trim());

// Heal reports quote logs and config, which nobody vetted: raw HTML is shown as text, links
// keep only harmless schemes, and images are not fetched.
const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    link({ href, text }: Tokens.Link) {
      return safeHref(href)
        ? `<a href="${escapeHtml(href)}" rel="noreferrer noopener" target="_blank">${escapeHtml(text)}</a>`
        : escapeHtml(text);
    },
    image: ({ text }: Tokens.Image) => escapeHtml(text),
  },
});

export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => marked.parse(source, { async: false }), [source]);
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
