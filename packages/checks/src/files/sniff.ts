/** Standard input has no file name: decide between HTML and plain text by its content. */
export function looksLikeHtml(text: string): boolean {
  const head = text.trimStart().slice(0, 512).toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html") || /<(?:p|div|body|a|span|img|table|h[1-6])[\s>]/.test(head);
}
