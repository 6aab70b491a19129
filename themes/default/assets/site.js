/* govsite default theme: accessibility toolbar, read aloud, print, search. No framework. */
(function () {
  "use strict";
  var d = document, root = d.documentElement, KEY = "govsite-a11y";
  // ---- visit statistics: one beacon per page view; no cookie, no storage, nothing identifying ----
  try {
    if (navigator.sendBeacon && /^https?:$/.test(location.protocol)) navigator.sendBeacon("/api/public/hit", JSON.stringify({ p: location.pathname }));
  } catch (e) { /* statistics never get in the reader's way */ }
  var prefs = {};
  try { prefs = JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (e) { prefs = {}; }
  function save() { try { localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (e) { /* private mode */ } }
  function apply() {
    for (var i = 1; i <= 3; i++) root.classList.toggle("fs-" + i, prefs.fs === i);
    root.classList.toggle("hc", !!prefs.hc);
    root.classList.toggle("lh", !!prefs.lh);
    root.classList.toggle("bigcursor", !!prefs.cur);
    var map = { contrast: "hc", spacing: "lh", cursor: "cur", speak: "speak" };
    Array.prototype.forEach.call(d.querySelectorAll("[data-a11y]"), function (b) {
      var k = map[b.getAttribute("data-a11y")];
      if (k) b.setAttribute("aria-pressed", prefs[k] ? "true" : "false");
    });
  }

  // ---- read aloud (speechSynthesis) ----
  var synth = window.speechSynthesis, timer;
  function speak(text) {
    if (!synth || !text) return;
    synth.cancel();
    var parts = String(text).replace(/\s+/g, " ").trim().match(/[^。！？!?；;]{1,180}[。！？!?；;]?/g) || [];
    parts.forEach(function (p) {
      var u = new SpeechSynthesisUtterance(p);
      u.lang = root.lang === "zh-Hant" ? "zh-TW" : "zh-CN";
      u.rate = 0.9;
      synth.speak(u);
    });
  }
  function pointRead(e) {
    if (!prefs.speak) return;
    var el = e.target && e.target.closest && e.target.closest("a,button,h1,h2,h3,p,li,td,th,label,figcaption");
    if (!el) return;
    clearTimeout(timer);
    timer = setTimeout(function () { speak(el.getAttribute("aria-label") || el.innerText || el.alt || ""); }, 350);
  }

  var toolbar = d.getElementById("a11y");
  var toggle = d.querySelector(".a11y-toggle");
  if (toolbar && toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toolbar.hidden;
      toolbar.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      prefs.open = open; save();
    });
    if (prefs.open) { toolbar.hidden = false; toggle.setAttribute("aria-expanded", "true"); }
    if (!synth) { var sb = toolbar.querySelector("[data-a11y=speak]"); if (sb) sb.hidden = true; }
    toolbar.addEventListener("click", function (e) {
      var b = e.target.closest("[data-a11y]");
      if (!b) return;
      switch (b.getAttribute("data-a11y")) {
        case "bigger": prefs.fs = Math.min(3, (prefs.fs || 0) + 1); break;
        case "smaller": prefs.fs = Math.max(0, (prefs.fs || 0) - 1); break;
        case "contrast": prefs.hc = !prefs.hc; break;
        case "spacing": prefs.lh = !prefs.lh; break;
        case "cursor": prefs.cur = !prefs.cur; break;
        case "speak": prefs.speak = !prefs.speak; if (!prefs.speak && synth) synth.cancel(); else speak("指读朗读已开启"); break;
        case "reset": prefs = { open: true }; if (synth) synth.cancel(); break;
      }
      save(); apply();
    });
  }
  d.addEventListener("mouseover", pointRead);
  d.addEventListener("focusin", pointRead);
  d.addEventListener("keydown", function (e) { if (e.key === "Escape" && synth) synth.cancel(); });
  apply();

  var sa = d.querySelector(".speak-article");
  if (sa && synth) {
    sa.hidden = false;
    sa.addEventListener("click", function () {
      var t = d.getElementById(sa.getAttribute("data-target"));
      var h = d.querySelector(".article-head h1");
      speak((h ? h.innerText + "。" : "") + (t ? t.innerText : ""));
    });
  }
  var pr = d.querySelector(".print");
  if (pr) { pr.hidden = false; pr.addEventListener("click", function () { window.print(); }); }

  // ---- search: the form reloads this page with ?q=…, results come from the public API ----
  var form = d.getElementById("search-form");
  if (!form) return;
  var out = d.getElementById("search-results"), status = d.getElementById("search-status");
  var params = new URLSearchParams(location.search), page = 1;
  ["q", "column", "from", "to", "sort"].forEach(function (k) { if (params.get(k) && form.elements[k]) form.elements[k].value = params.get(k); });
  var q = (params.get("q") || "").trim();
  if (!q) return;
  var GROUPS = { info: "信息", service: "服务", interaction: "互动" };
  // Publication day in Beijing time (the API gives an ISO instant).
  function day(t) { var ms = Date.parse(t || ""); return isNaN(ms) ? "" : new Date(ms + 288e5).toISOString().slice(0, 10); }
  function el(tag, text) { var x = d.createElement(tag); if (text) x.textContent = text; return x; }
  // Snippets carry <em> around hits; everything else is shown as text.
  function snippet(s) {
    var p = el("p");
    String(s || "").split(/(<em>[\s\S]*?<\/em>)/).forEach(function (part) {
      var m = /^<em>([\s\S]*)<\/em>$/.exec(part);
      p.appendChild(m ? el("em", m[1].replace(/<[^>]*>/g, "")) : d.createTextNode(part.replace(/<[^>]*>/g, "")));
    });
    return p;
  }
  function load() {
    var u = new URLSearchParams();
    u.set("q", q); u.set("site", form.getAttribute("data-site")); u.set("page", String(page));
    ["column", "from", "to", "sort"].forEach(function (k) { if (params.get(k)) u.set(k, params.get(k)); });
    status.textContent = "正在搜索……";
    fetch(form.getAttribute("data-api") + "?" + u.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (res) {
        var items = res.items || [];
        status.textContent = res.total ? (res.totalCapped ? "找到" + (res.totalText || "超过 " + res.total + " 条") : "共找到 " + res.total + " 条") + "与“" + q + "”相关的结果" : "没有找到与“" + q + "”相关的结果，请更换关键词再试。";
        var groups = {};
        items.forEach(function (it) { var g = GROUPS[it.group] ? it.group : "info"; (groups[g] = groups[g] || []).push(it); });
        Object.keys(GROUPS).forEach(function (g) {
          if (!groups[g]) return;
          var sec = el("section"), list = el("ol");
          sec.appendChild(el("h2", GROUPS[g]));
          groups[g].forEach(function (it) {
            var li = el("li"), a = el("a", it.title || "");
            if (/^(\/|https?:)/.test(it.url || "")) a.href = it.url;
            li.appendChild(el("h3")).appendChild(a);
            li.appendChild(snippet(it.snippetHtml || it.snippet));
            li.appendChild(el("p", [it.column, day(it.publishedAt)].filter(Boolean).join("　"))).className = "muted";
            list.appendChild(li);
          });
          sec.appendChild(list); out.appendChild(sec);
        });
        if (res.total > page * (res.pageSize || 20)) {
          var more = el("button", "加载更多结果"); more.type = "button";
          more.addEventListener("click", function () { more.remove(); page++; load(); });
          out.appendChild(more);
        }
      })
      .catch(function () { status.textContent = "搜索服务暂时不可用，请稍后再试。"; });
  }
  load();
})();
