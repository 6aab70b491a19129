import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { page, GOOD_FOOTER } from "../testing/fixtures.ts";
import { extractPageWith } from "./extract.ts";
import { Attrs, LEGACY, scanHtml, type Sink } from "./scan.ts";

type Event = [string, string, string?];

function recorder(): { sink: Sink; events: Event[] } {
  const events: Event[] = [];
  const sink: Sink = {
    open: (name, a) => events.push(["open", name, JSON.stringify(a)]),
    text: (s) => events.push(["text", s]),
    close: (name) => events.push(["close", name]),
  };
  return { sink, events };
}

/** What htmlparser2 reports, in the same form. */
function reference(html: string): Event[] {
  const { sink, events } = recorder();
  const p = new Parser(
    { onopentag: (n, a) => sink.open(n, Attrs.from(a)), ontext: (t) => sink.text(t), onclosetag: (n) => sink.close(n) },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  p.write(html);
  p.end();
  return events;
}

/** The fast reader's events, or undefined when it leaves the page to htmlparser2. */
function fast(html: string): Event[] | undefined {
  const { sink, events } = recorder();
  return scanHtml(html, sink) ? events : undefined;
}

const HANDLED = [
  "<p>a &amp; b &lt;c&gt; &quot;d&quot; &nbsp;e &copy; &#20013;&#x6587; f&middot;g a&b &c d &unknownname x; AT&T 5</p>",
  '<a href="list.jsp?id=1&type=2&amp;page=3" title="A&amp;B">link</a><a href=/x?a&b>u</a><a href="?a=1&region=2">r</a>',
  '<img src=a.png alt=图片/><img src="b.png"alt="x"title=\'y\'><a =x href=y>z</a><a href="1" HREF="2" Href="3">dup</a>',
  '<A HREF="X.HTML" CLASS="Footer" ID=Main>upper</A><DIV STYLE="display:none"><P>hidden</P></DIV>',
  "<p>a<div>b</div>c</p><ul><li>one<li>two<li>three</ul><table><tr><td>1<td>2<tr><td>3</table>",
  "<dl><dt>a<dd>b<dt>c</dl><h1>t<h2>u</h2><p>x<p>y</p></p></br><select><option>1<option>2</select>",
  "<form action=/a><input name=q><form action=/b><button>go</button></form>after</form><a>1<a>2</a>",
  "<!-- comment --><!--><!---><!-- a --!> b <!----> c <!doctype html><!DOCTYPE html><!foo><?xml version=\"1.0\"?></ foo></><!- x>",
  "<script>if (a<b) document.write(\"<a href='http://x.com/'>\")</script><style>.x{color:red}</style><title>A &amp; B</title>",
  "<textarea>x &lt; y &amp; z</textarea><script>var s='</scr'+'ipt>';</SCRIPT ><iframe src=\"f.html\">fall <b>back</b></iframe>",
  "<noscript>no js <b>here</b></noscript><xmp><b>x</b></xmp><noembed>n</noembed><noframes>f</noframes>",
  "a < b, a <3 b, <1>, x <= y, </> <br/> <input> </img> <image src=i.png> <wbr>",
  '<a\nhref="x"\n>nl</a><a href = "y" >sp</a><a\thref=z\t>tab</a><p class="">empty</p><div hidden>h</div>',
  '<marquee height=1 scrollamount=999><a href="http://x/">m</a></marquee><font color=white><a href="http://y/">w</a></font>',
  "<p>&#x4E2D;&#20013;&#65;&#x41;&#169; &euro; &ldquo;q&rdquo; &hellip;</p><a title='&lt;t&gt;'>t</a>",
  "<html><head><meta name=SiteName content=\"示范&amp;县\"><meta http-equiv=refresh content=\"0;url=/a\"></head><body>x</body></html>",
  "<ul>\n<li><a href=\"/a.html\">甲</a><span>2024-05-30</span></li>\n<li><a href=\"/b.html\">乙</a> 2024年5月3日</li>\n</ul>",
  "text at end without tags &amp; more",
  "<p>unclosed <b>bold <i>italic",
  "<!-- unclosed comment",
  "<p>x</p><!",
  "<script>unclosed script",
  "<title>unclosed title &amp; more",
];

const LEFT_TO_HTMLPARSER2 = [
  "<svg><title>t</title><path d='M0'/></svg>",
  "<math><mi>x</mi></math>",
  "<plaintext><b>x</b>",
  "<![CDATA[x]]>",
  '<div class="x',
  "<p>&amp</p>",
  "<p>&copy2024</p>",
  "<p>&ensp;&zwnj;</p>",
  "<p>&#128;</p>",
  "<p>&#0;</p>",
  '<a href="?a=1&copy&x=2">c</a>',
  '<a href="?a=1&copy">c</a>',
  "<title>a </t &amp; b</title>",
  "<a href='x",
  "</",
];

describe("the fast HTML reader", () => {
  it("gives exactly htmlparser2's events on what it reads", () => {
    for (const html of HANDLED) {
      const got = fast(html);
      expect(got, html).toBeDefined();
      expect(got, html).toEqual(reference(html));
    }
  });

  it("leaves foreign content, CDATA, unusual entities and unfinished tags to htmlparser2", () => {
    for (const html of LEFT_TO_HTMLPARSER2) {
      const got = fast(html);
      // Giving up is always allowed; a reading that is given must be the same.
      if (got) expect(got, html).toEqual(reference(html));
    }
    expect(fast("<svg></svg>")).toBeUndefined();
    expect(fast("<p>&copy2024</p>")).toBeUndefined();
    expect(fast('<a href="?x&copy">c</a>')).toBeUndefined();
  });

  it("matches htmlparser2 on random soup made of tricky pieces", () => {
    const pieces = [
      "<p>", "</p>", "<div class=footer>", "<div id='x'>", "</div>", "<li>", "</li>", "<ul>", "</ul>", "<a href=\"/a?b=1&c=2\">", "</a>",
      "<b>", "</b>", "<br>", "</br>", "<td>", "<tr>", "<table>", "</table>", "<h1>", "<h3>", "</h2>", "<form>", "</form>", "<img alt=图 src=x>",
      "<script>", "</script>", "<style>", "</style>", "<title>", "</title>", "<textarea>", "</textarea>", "<!--", "-->", "<!doctype x>",
      "&amp;", "&lt;", "&nbsp;", "&#20013;", "&", "<", ">", "\"", "'", "=", " ", "\n", "文字", "text", "2024-05-01", "<option>", "<select>",
      "<input value=a>", "<dd>", "<dt>", "</dl>", "<iframe src=f>", "</iframe>", "<?x?>", "</ x>", "<A HREF=Y>", "</A>", "<image>", "<area href=z>",
      '<a href="?x=1&region=2">', '<a href="?x&reg=1">', "<a href=?x&reg>", '<a title="&amp;&lt">', '<a href="&notin;&not=1&notx">',
      '<img alt="&copy 2024">', "<a href='&#20013;&#x41;'>", "&reg;", "&regx", "&times;",
    ];
    let seed = 20240601;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let compared = 0;
    for (let i = 0; i < 3000; i++) {
      let html = "";
      const n = 1 + rand(30);
      for (let j = 0; j < n; j++) html += pieces[rand(pieces.length)];
      const got = fast(html);
      if (!got) continue;
      compared++;
      expect(got, html).toEqual(reference(html));
    }
    expect(compared).toBeGreaterThan(1500);
  });

  it("reads whole pages to the same facts as htmlparser2", () => {
    const html = page({ kind: "article", footer: GOOD_FOOTER, body: HANDLED.join("\n") });
    const a = extractPageWith(html, "fast");
    expect(a).toBeDefined();
    expect({ ...a! }).toEqual({ ...extractPageWith(html, "htmlparser2")! });
  });

  it("decodes its entity table as htmlparser2 does", () => {
    const names = ["amp", "lt", "gt", "quot", "apos", "nbsp", "copy", "reg", "trade", "middot", "ldquo", "rdquo", "lsquo", "rsquo", "mdash",
      "ndash", "hellip", "times", "divide", "deg", "plusmn", "bull", "yen", "laquo", "raquo", "sect", "para", "ensp", "emsp", "thinsp",
      "cent", "pound", "euro", "larr", "rarr", "uarr", "darr", "AMP", "LT", "GT", "QUOT", "COPY", "REG"];
    for (const n of names) {
      const html = `<p>x&${n};y</p><a title="x&${n};y">t</a>`;
      expect(fast(html), n).toEqual(reference(html));
    }
    // Every legacy name really is decoded without its semicolon (so the reader must give up on it).
    for (const n of LEGACY) {
      const ref = reference(`<p>&${n}</p>`);
      expect(ref[1]?.[1], n).not.toBe(`&${n}`);
    }
  });
});

describe("the text length", () => {
  it("counts what /\\s/ does not match, as before", () => {
    const spaces = "\t\n\v\f\r \u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
    const text = `甲${spaces}乙 b\u200bc`;
    const f = extractPageWith(`<p>${text}</p>`, "fast")!;
    expect(f.textLength).toBe(` ${text}`.replace(/\s+/g, "").length);
  });
});
