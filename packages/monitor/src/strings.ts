/**
 * A copy of `s` that does not keep its source alive.
 *
 * Strings cut from a page (link texts, hrefs, lines of text) are slices that point into the
 * whole page; keeping one in a cache or a report keeps the page's HTML in memory with it. Over a
 * crawl that pinned most pages of the site (hundreds of MB, and the garbage collector copying
 * them). Whatever outlives the page goes through here.
 */
export function detach(s: string): string {
  // Concatenation then slicing makes V8 flatten into a new string; the slice refers to that.
  return (` ${s}`).slice(1);
}
