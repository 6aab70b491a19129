/* govsite 政民互动: the public forms (letters, 找错, 依申请公开, 举报假冒政府网站, 查询, 知识库问答).
   No framework. Each form posts JSON to the public API after the human check (ALTCHA
   proof-of-work, solved in pow-worker.js) and with an Idempotency-Key made once per form fill, so
   a double click or a retry never files two cases. Errors are shown beside their fields and in a
   summary. The traditional-script pages load a copy of this file converted by the publisher
   (hant.ts), so every message here is written once, in simplified Chinese. */
(function () {
  "use strict";
  var d = document;

  /** "2024-05-06T09:30:00+08:00" (Asia/Shanghai) as "2024-05-06 09:30". */
  function show(t) { return t ? String(t).replace("T", " ").slice(0, 16) : ""; }
  function el(tag, text, cls) { var x = d.createElement(tag); if (text != null) x.textContent = text; if (cls) x.className = cls; return x; }
  function token() {
    var a = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return "web-" + Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function request(method, url, body, headers) {
    var h = { Accept: "application/json" };
    if (body !== undefined) h["Content-Type"] = "application/json";
    for (var k in headers || {}) h[k] = headers[k];
    return fetch(url, { method: method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit" }).then(
      function (r) {
        return r.json().then(function (j) { return { status: r.status, ok: r.ok, body: j }; }, function () { return { status: r.status, ok: r.ok, body: null }; });
      },
      function () { return { status: 0, ok: false, body: null }; }
    );
  }
  function errorText(res) {
    if (res.status === 0) return "网络连接失败，请检查网络后重试。您填写的内容仍保留在页面上。";
    var e = res.body && res.body.error;
    if (e && e.message) return e.message;
    // No answer from the API itself (a proxy's error page, the API not running).
    if (res.status === 429) return "提交过于频繁，请稍后再试。";
    if (res.status === 413) return "提交的内容过长，请精简后再试。";
    if (res.status === 404 || res.status >= 500) return "服务暂时不可用，请稍后再试。您填写的内容仍保留在页面上。";
    return "提交失败，请稍后再试。";
  }

  // ---------------------------------------------------------------- human check

  /** Fetches a challenge and solves it in a worker; resolves to the widget's base64 payload. */
  function solveChallenge(api, workerUrl) {
    return request("GET", api + "/challenge").then(function (res) {
      if (!res.ok || !res.body) throw new Error(errorText(res));
      var c = res.body;
      return new Promise(function (resolve, reject) {
        var w;
        try { w = new Worker(workerUrl); } catch (e) { reject(new Error("您的浏览器不支持安全验证，请更换浏览器后重试。")); return; }
        w.onmessage = function (ev) {
          w.terminate();
          if (!ev.data || typeof ev.data.number !== "number") { reject(new Error("安全验证未完成，请重试。")); return; }
          resolve(btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: ev.data.number, salt: c.salt, signature: c.signature })));
        };
        w.onerror = function () { w.terminate(); reject(new Error("安全验证未完成，请重试。")); };
        w.postMessage({ algorithm: c.algorithm, challenge: c.challenge, salt: c.salt, maxnumber: c.maxnumber || c.maxNumber });
      });
    });
  }

  // ---------------------------------------------------------------- field helpers

  function fieldBox(input) { return input.closest(".hd-field") || input.parentNode; }
  function visible(node) {
    for (var n = node; n && n !== d.body; n = n.parentNode) if (n.hidden) return false;
    return true;
  }
  function labelOf(input) {
    var l = input.id && d.querySelector('label[for="' + input.id + '"]');
    if (l) return l.textContent.replace(/[*＊]/g, "").trim();
    var fs = input.closest("fieldset");
    var lg = fs && fs.querySelector("legend");
    return lg ? lg.textContent.replace(/[*＊]/g, "").trim() : input.name;
  }
  function setError(form, input, msg) {
    var box = fieldBox(input);
    var p = box.querySelector(".hd-err");
    if (!p) {
      p = el("p", "", "hd-err");
      p.id = (input.id || input.name) + "-err";
      box.appendChild(p);
    }
    p.textContent = msg;
    p.hidden = !msg;
    var targets = input.type === "radio" ? form.querySelectorAll('input[name="' + input.name + '"]') : [input];
    Array.prototype.forEach.call(targets, function (t) {
      if (msg) {
        t.setAttribute("aria-invalid", "true");
        var ids = (t.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (ids.indexOf(p.id) < 0) ids.push(p.id);
        t.setAttribute("aria-describedby", ids.join(" "));
      } else t.removeAttribute("aria-invalid");
    });
  }
  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll(".hd-err"), function (p) { p.textContent = ""; p.hidden = true; });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (i) { i.removeAttribute("aria-invalid"); });
    var sum = form.querySelector(".hd-errors");
    if (sum) { sum.hidden = true; sum.textContent = ""; }
  }
  function showSummary(form, items, message) {
    var sum = form.querySelector(".hd-errors");
    if (!sum) return;
    sum.textContent = "";
    sum.appendChild(el("p", message || "请修改以下内容后再提交：", "hd-errors-title"));
    if (items.length) {
      var ul = el("ul");
      items.forEach(function (it) {
        var li = el("li");
        if (it.input && it.input.id) { var a = el("a", it.text); a.href = "#" + it.input.id; li.appendChild(a); } else li.textContent = it.text;
        ul.appendChild(li);
      });
      sum.appendChild(ul);
    }
    sum.hidden = false;
    sum.focus();
  }
  function conditionMet(form, cond) {
    // "name=value|value2"
    var m = /^([a-zA-Z]+)=(.+)$/.exec(cond || "");
    if (!m) return true;
    var v = valueOf(form, m[1]);
    return m[2].split("|").indexOf(v) >= 0;
  }
  function valueOf(form, name) {
    var els = form.elements[name];
    if (!els) return "";
    if (els.length !== undefined && els.tagName !== "SELECT") {
      for (var i = 0; i < els.length; i++) if (els[i].checked) return els[i].value;
      return "";
    }
    if (els.type === "checkbox") return els.checked ? els.value : "";
    return els.value;
  }
  function applyConditions(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-when]"), function (box) {
      box.hidden = !conditionMet(form, box.getAttribute("data-when"));
    });
  }

  /** Client-side check with the same Chinese messages as the server; returns the problems. */
  function validate(form) {
    var problems = [], seen = {};
    Array.prototype.forEach.call(form.querySelectorAll("input,select,textarea"), function (input) {
      if (!input.name || input.type === "hidden" || input.disabled || !visible(input) || seen[input.name]) return;
      var required = input.hasAttribute("required") || conditionMet(form, input.getAttribute("data-required-when") || "") && input.hasAttribute("data-required-when");
      var value = input.type === "radio" ? valueOf(form, input.name) : input.type === "file" ? (input.files && input.files.length ? "1" : "") : String(input.value || "").trim();
      if (input.type === "radio") seen[input.name] = true;
      var msg = "";
      if (required && !value) msg = input.getAttribute("data-msg") || "请填写" + labelOf(input);
      else if (value && input.minLength > 0 && value.length < input.minLength) msg = input.getAttribute("data-minmsg") || labelOf(input) + "不少于 " + input.minLength + " 个字";
      else if (value && input.getAttribute("data-pattern") && !new RegExp(input.getAttribute("data-pattern")).test(value)) msg = input.getAttribute("data-patternmsg") || labelOf(input) + "格式不正确";
      if (msg) { setError(form, input, msg); problems.push({ input: input, text: msg }); }
    });
    return problems;
  }

  /** The form's values as the API expects them: empty optional fields left out. */
  function collect(form) {
    var out = {}, files = [];
    Array.prototype.forEach.call(form.querySelectorAll("input,select,textarea"), function (input) {
      if (!input.name || input.disabled || input.hasAttribute("data-local") || !visible(input)) return;
      if (input.type === "file") { if (input.files && input.files[0]) files.push(input); return; }
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      var v = String(input.value || "").trim();
      if (!v) return;
      if (input.getAttribute("data-type") === "bool") out[input.name] = v === "true";
      else out[input.name] = v;
    });
    return { values: out, files: files };
  }
  function readImage(input) {
    var f = input.files[0];
    return new Promise(function (resolve, reject) {
      if (!/^image\/(png|jpeg)$/.test(f.type)) { reject({ input: input, text: "截图须为 PNG 或 JPG 图片" }); return; }
      if (f.size > 1024 * 1024) { reject({ input: input, text: "截图不能超过 1 MB" }); return; }
      var r = new FileReader();
      r.onload = function () { resolve(String(r.result)); };
      r.onerror = function () { reject({ input: input, text: "截图读取失败，请重新选择" }); };
      r.readAsDataURL(f);
    });
  }

  // ---------------------------------------------------------------- receipts

  function row(dl, k, v) {
    if (v == null || v === "") return;
    dl.appendChild(el("dt", k));
    var dd = el("dd", String(v));
    dl.appendChild(dd);
    return dd;
  }
  function showReceipt(form, r, kind) {
    var box = d.getElementById(form.getAttribute("data-receipt"));
    if (!box) return;
    box.textContent = "";
    if (kind === "counterfeit") {
      // A report has a case number and no 查询码: it is followed up by the duty office.
      box.appendChild(el("h2", "举报已提交"));
      var codes = el("dl", "", "hd-receipt-codes");
      row(codes, "受理编号", r.caseNo).className = "hd-caseno";
      box.appendChild(codes);
      box.appendChild(el("p", "感谢您的监督！我们将尽快核实处理。请记下受理编号，如需补充情况，请联系我们并告知受理编号。"));
      box.hidden = false;
      form.hidden = true;
      box.focus();
      return;
    }
    box.appendChild(el("h2", kind === "disclosure" ? "申请已提交" : "留言已提交"));
    var dl = el("dl", "", "hd-receipt-codes");
    row(dl, "受理编号", r.caseNo).className = "hd-caseno";
    row(dl, "查询码", r.queryCode).className = "hd-code";
    box.appendChild(dl);
    box.appendChild(el("p", "请记下或截图保存受理编号和查询码。查询码只显示这一次，凭受理编号和查询码可查询办理进度和答复内容。", "hd-keep"));
    var more = el("dl", "", "hd-receipt-more");
    row(more, kind === "disclosure" ? "受理机关" : "留言渠道", r.channel || r.unit);
    row(more, kind === "disclosure" ? "提交时间" : "收到时间", show(r.receivedAt));
    row(more, "答复期限", r.replyDueAt || r.answerDueAt ? "" + (r.replyDueAt || r.answerDueAt) + " 前" : "");
    row(more, "办理状态", r.statusName);
    box.appendChild(more);
    if (r.message) box.appendChild(el("p", r.message));
    var q = form.getAttribute("data-query");
    if (q) { var a = el("a", "查询办理进度", "btn"); a.href = q + "?caseNo=" + encodeURIComponent(r.caseNo); box.appendChild(el("p")).appendChild(a); }
    box.hidden = false;
    form.hidden = true;
    box.focus();
  }

  // ---------------------------------------------------------------- submission forms

  function initSubmitForm(form) {
    var api = form.getAttribute("data-api"), worker = form.getAttribute("data-worker");
    var status = form.querySelector(".hd-status"), button = form.querySelector("button[type=submit]");
    var clientToken = token(), busy = false, solved = null, solving = null;
    function prepare() {
      // Start the proof-of-work as soon as the writer begins, so submitting is quick.
      if (!solving) solving = solveChallenge(api, worker).then(function (p) { solved = p; return p; }, function (e) { solving = null; throw e; });
      return solving;
    }
    form.addEventListener("focusin", function () { prepare().catch(function () { /* retried on submit */ }); }, { once: true });
    form.addEventListener("change", function () { applyConditions(form); });
    applyConditions(form);
    // A question passed on from the knowledge base (?q=…) becomes the start of the letter.
    var q = new URLSearchParams(location.search).get("q");
    if (q && form.elements.content && !form.elements.content.value) form.elements.content.value = q.slice(0, 500);

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (busy) return;
      clearErrors(form);
      var problems = validate(form);
      if (problems.length) { showSummary(form, problems); status.textContent = ""; return; }
      var data = collect(form), body = data.values;
      var kind = form.getAttribute("data-hd");
      if (kind === "disclosure") {
        if (body.identity === "natural") body.applicantType = "natural";
        else if (body.identity) body.applicantType = body.orgType || "other";
        delete body.identity; delete body.orgType;
      }
      busy = true;
      button.disabled = true;
      button.setAttribute("aria-disabled", "true");
      status.textContent = solved ? "正在提交……" : "正在进行安全验证，请稍候……";
      Promise.all(data.files.map(function (f) { return readImage(f).then(function (u) { body[f.name] = u; }); }))
        .then(function () { return solved || prepare(); })
        .then(function (altcha) {
          status.textContent = "正在提交……";
          body.altcha = altcha;
          body.clientToken = clientToken;
          return request("POST", form.getAttribute("data-endpoint"), body, { "Idempotency-Key": clientToken });
        })
        .then(function (res) {
          if (res.ok) {
            status.textContent = "提交成功。";
            clientToken = token();
            solved = null; solving = null;
            showReceipt(form, res.body, kind);
            return;
          }
          var e = (res.body && res.body.error) || {};
          var title = errorText(res);
          // A spent or expired check: the next attempt gets a fresh one, solved by the page again.
          if (e.code === "CHALLENGE_FAILED") { solved = null; solving = null; title = "安全验证已失效，请再次点击提交，页面将自动重新验证。"; }
          var items = [];
          (e.issues || []).forEach(function (it) {
            var name = String(it.path || "").split(".")[0];
            var input = form.elements[name === "applicantType" ? "identity" : name];
            if (input && input.length !== undefined && input.tagName !== "SELECT") input = Array.prototype.filter.call(input, visible)[0] || input[0];
            if (input && input.name) setError(form, input, it.message);
            items.push({ input: input && input.name ? input : null, text: (input && input.name ? labelOf(input) + "：" : "") + it.message });
          });
          status.textContent = "";
          showSummary(form, items, title);
        })
        .catch(function (err) {
          status.textContent = "";
          if (err && err.input) { setError(form, err.input, err.text); showSummary(form, [err]); }
          else showSummary(form, [], (err && err.message) || "提交失败，请稍后再试。");
        })
        .then(function () {
          busy = false;
          button.disabled = false;
          button.removeAttribute("aria-disabled");
        });
    });
  }

  // ---------------------------------------------------------------- 查询

  function initQuery(form) {
    var api = form.getAttribute("data-api"), out = d.getElementById(form.getAttribute("data-result"));
    var status = form.querySelector(".hd-status");
    var pre = new URLSearchParams(location.search).get("caseNo");
    if (pre) form.elements.caseNo.value = pre;
    function history(list) {
      if (!list || !list.length) return;
      out.appendChild(el("h3", "办理记录"));
      var ol = el("ol", "", "hd-history");
      list.forEach(function (h) {
        var li = el("li");
        li.appendChild(el("time", show(h.at)));
        li.appendChild(d.createTextNode(" " + (h.summary || "")));
        ol.appendChild(li);
      });
      out.appendChild(ol);
    }
    function render(r, caseNo, code) {
      out.textContent = "";
      var disclosure = /^YS/i.test(caseNo);
      out.appendChild(el("h2", disclosure ? "政府信息公开申请办理情况" : "留言办理情况"));
      var dl = el("dl", "", "hd-facts");
      row(dl, "受理编号", r.caseNo);
      row(dl, disclosure ? "受理机关" : "留言渠道", disclosure ? r.unit : r.channel);
      if (!disclosure) row(dl, "标题", r.title);
      row(dl, "办理状态", r.statusName).className = "hd-state";
      row(dl, disclosure ? "收到申请日期" : "收到时间", show(r.receivedAt));
      row(dl, "答复期限", disclosure ? r.answerDueAt : r.replyDueAt);
      if (r.extensionWorkdays) row(dl, "延期", "已批准延期 " + r.extensionWorkdays + " 个工作日");
      if (r.extension) row(dl, "延期", "已延期 " + r.extension.workdays + " 个工作日");
      row(dl, "答复日期", show(disclosure ? r.answeredAt : r.repliedAt));
      if (r.outcome) row(dl, "处理结果", r.outcome + (r.outcomeReason ? "（" + r.outcomeReason + "）" : ""));
      if (r.rejectReason) row(dl, "不予受理理由", r.rejectReason);
      if (r.rating) row(dl, "您的评价", r.rating);
      out.appendChild(dl);
      if (r.correction && !r.correction.correctedAt) {
        out.appendChild(el("h3", "补正通知"));
        out.appendChild(el("p", "请在 " + r.correction.periodWorkdays + " 个工作日内补正：" + (r.correction.items || []).join("；")));
      }
      var replies = disclosure ? (r.answer ? [{ unit: r.unit, text: r.answer }] : []) : r.reply || [];
      if (replies.length) {
        out.appendChild(el("h3", "答复内容"));
        replies.forEach(function (p) {
          var sec = el("section", "", "hd-reply");
          if (p.unit) sec.appendChild(el("p", "答复单位：" + p.unit, "hd-reply-unit"));
          String(p.text || "").split(/\n+/).forEach(function (t) { if (t.trim()) sec.appendChild(el("p", t)); });
          out.appendChild(sec);
        });
      }
      if (r.canRate) rating(caseNo, code);
      history(r.history);
      out.hidden = false;
      out.focus();
    }
    function rating(caseNo, code) {
      var f = el("form", "", "hd-rating");
      var fs = el("fieldset");
      fs.appendChild(el("legend", "请对本次答复进行评价"));
      [["satisfied", "满意"], ["basically", "基本满意"], ["unsatisfied", "不满意"]].forEach(function (o, i) {
        var id = "rate-" + o[0], inp = el("input");
        inp.type = "radio"; inp.name = "rating"; inp.value = o[0]; inp.id = id; if (i === 0) inp.required = true;
        var lb = el("label", o[1]); lb.htmlFor = id;
        var sp = el("span", "", "hd-choice"); sp.appendChild(inp); sp.appendChild(lb); fs.appendChild(sp);
      });
      f.appendChild(fs);
      var b = el("button", "提交评价"); b.type = "submit"; f.appendChild(b);
      var st = el("p", "", "hd-status"); st.setAttribute("role", "status"); f.appendChild(st);
      f.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var v = valueOf(f, "rating");
        if (!v) { st.textContent = "请选择满意、基本满意或不满意"; return; }
        b.disabled = true;
        request("POST", api + "/letters/rating", { caseNo: caseNo, code: code, rating: v }).then(function (res) {
          b.disabled = false;
          if (res.ok) { f.textContent = ""; f.appendChild(el("p", "感谢您的评价！")); } else st.textContent = errorText(res);
        });
      });
      out.appendChild(f);
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearErrors(form);
      var problems = validate(form);
      if (problems.length) { showSummary(form, problems); return; }
      var caseNo = form.elements.caseNo.value.trim().toUpperCase(), code = form.elements.code.value.trim().toUpperCase();
      status.textContent = "正在查询……";
      out.hidden = true;
      request("POST", api + (/^YS/.test(caseNo) ? "/disclosure/lookup" : "/letters/lookup"), { caseNo: caseNo, code: code }).then(function (res) {
        status.textContent = "";
        if (res.ok) render(res.body, caseNo, code);
        else showSummary(form, [], errorText(res));
      });
    });
  }

  // ---------------------------------------------------------------- 知识库问答

  function initFaq(form) {
    var out = d.getElementById(form.getAttribute("data-result")), fallback = d.getElementById(form.getAttribute("data-fallback"));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearErrors(form);
      var problems = validate(form);
      if (problems.length) { showSummary(form, problems); return; }
      var q = form.elements.q.value.trim();
      out.textContent = "正在查找……";
      if (fallback) fallback.hidden = true;
      request("GET", form.getAttribute("data-endpoint") + "?q=" + encodeURIComponent(q)).then(function (res) {
        out.textContent = "";
        if (!res.ok) { out.appendChild(el("p", errorText(res))); return; }
        var answers = (res.body && res.body.answers) || [];
        if (!answers.length) {
          out.appendChild(el("p", (res.body.fallback && res.body.fallback.message) || "知识库中暂未找到相关答复。"));
          if (fallback) {
            Array.prototype.forEach.call(fallback.querySelectorAll("a[data-channel]"), function (a) {
              a.href = a.getAttribute("data-base") + "?q=" + encodeURIComponent(q);
            });
            fallback.hidden = false;
          }
          return;
        }
        out.appendChild(el("p", "为您找到以下答复："));
        answers.forEach(function (a) {
          var det = el("details", "", "hd-faq-item"), sum = el("summary", a.question);
          det.appendChild(sum);
          String(a.answer || "").split(/\n+/).forEach(function (t) { if (t.trim()) det.appendChild(el("p", t)); });
          out.appendChild(det);
        });
        var first = out.querySelector("details");
        if (first) first.open = true;
        if (fallback) fallback.hidden = false;
      });
    });
  }

  // ---------------------------------------------------------------- channel notice

  function initNotice(p) {
    request("GET", p.getAttribute("data-endpoint")).then(function (res) {
      if (!res.ok || !res.body) return;
      var slug = p.getAttribute("data-channel"), ch = (res.body.channels || []).filter(function (c) { return c.slug === slug; })[0];
      var form = d.querySelector("form[data-hd]");
      if (!ch) {
        p.textContent = "该渠道目前已关闭，暂不接收新的留言。";
        if (form) Array.prototype.forEach.call(form.querySelectorAll("input,select,textarea,button"), function (x) { x.disabled = true; });
      } else if (ch.notice) p.textContent = ch.notice;
    });
  }

  // ---------------------------------------------------------------- 意见征集、问卷调查、在线访谈

  /** A small form built in the page: labelled fields, error summary, status line, human check. */
  function partForm(box, o) {
    var f = el("form", "", "hd-form hd-part-form");
    f.noValidate = true;
    f.setAttribute("aria-labelledby", o.id + "-h");
    f.appendChild(el("h2", o.title)).id = o.id + "-h";
    var sum = el("div", "", "hd-errors"); sum.setAttribute("role", "alert"); sum.tabIndex = -1; sum.hidden = true; f.appendChild(sum);
    o.fields.forEach(function (fd) {
      var wrap = el("div", "", "hd-field"), id = o.id + "-" + fd.name;
      var lb = el("label", fd.label); lb.htmlFor = id; wrap.appendChild(lb);
      if (fd.required) { var r = el("span", " *", "req"); r.setAttribute("aria-hidden", "true"); lb.appendChild(r); }
      var inp = el(fd.multiline ? "textarea" : "input");
      if (fd.multiline) inp.rows = 5; else inp.type = "text";
      inp.id = id; inp.name = fd.name;
      if (fd.required) { inp.required = true; inp.setAttribute("data-msg", fd.msg || "请填写" + fd.label); }
      if (fd.min) { inp.minLength = fd.min; inp.setAttribute("data-minmsg", fd.label + "不少于 " + fd.min + " 个字"); }
      if (fd.max) inp.maxLength = fd.max;
      wrap.appendChild(inp);
      f.appendChild(wrap);
    });
    if (o.extra) o.extra(f);
    f.appendChild(el("p", "提交时将在您的浏览器中自动完成一次安全验证。", "hd-check"));
    var b = el("button", o.button, "btn"); b.type = "submit";
    f.appendChild(el("div", "", "hd-actions")).appendChild(b);
    var st = el("p", "", "hd-status"); st.setAttribute("role", "status"); st.setAttribute("aria-live", "polite"); f.appendChild(st);
    var key = token(), busy = false;
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (busy) return;
      clearErrors(f);
      var problems = validate(f).concat(o.check ? o.check(f) : []);
      if (problems.length) { showSummary(f, problems); return; }
      var body = o.body(f);
      busy = true; b.disabled = true;
      st.textContent = "正在进行安全验证，请稍候……";
      solveChallenge(box.getAttribute("data-api"), box.getAttribute("data-worker"))
        .then(function (altcha) {
          st.textContent = "正在提交……";
          body.altcha = altcha; body.clientToken = key;
          return request("POST", o.endpoint, body, { "Idempotency-Key": key });
        })
        .then(function (res) {
          st.textContent = "";
          if (res.ok) {
            key = token();
            var done = el("div", "", "hd-receipt"); done.tabIndex = -1;
            done.appendChild(el("p", (res.body && res.body.message) || o.thanks));
            f.replaceWith(done); done.focus();
            return;
          }
          var e = (res.body && res.body.error) || {}, items = [];
          (e.issues || []).forEach(function (it) {
            var input = f.elements[String(it.path || "").split(".")[0]];
            if (input && input.name) setError(f, input, it.message);
            items.push({ input: input && input.name ? input : null, text: it.message });
          });
          showSummary(f, items, errorText(res));
        }, function (err) { st.textContent = ""; showSummary(f, [], (err && err.message) || "提交失败，请稍后再试。"); })
        .then(function () { busy = false; b.disabled = false; });
    });
    return f;
  }

  function paras(parent, text) {
    String(text || "").split(/\n+/).forEach(function (t) { if (t.trim()) parent.appendChild(el("p", t)); });
  }
  function shanghai(s) {
    if (!s) return null;
    var t = String(s).replace(" ", "T");
    return new Date(/[+-]\d\d:\d\d$|Z$/.test(t) ? t : t + "+08:00");
  }

  function renderList(box, items, base) {
    if (!items.length) { box.appendChild(el("p", "暂无内容。", "muted")); return; }
    var ul = el("ul", "", "items");
    items.forEach(function (it) {
      var li = el("li"), a = el("a", it.title);
      a.href = base + "?id=" + encodeURIComponent(it.id);
      li.appendChild(el("span", it.state, "tag")); li.appendChild(a);
      li.appendChild(el("time", String(it.opensAt || it.startsAt || "").slice(0, 10)));
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  function solicitation(box, s, endpoint) {
    box.appendChild(el("h2", s.title));
    var meta = el("dl", "", "hd-facts");
    row(meta, "征集时间", show(s.opensAt) + " 至 " + show(s.closesAt));
    row(meta, "已收到意见", s.received + " 条");
    box.appendChild(meta);
    if (s.summary) box.appendChild(el("p", s.summary, "column-desc"));
    var open = shanghai(s.opensAt) <= new Date() && new Date() <= shanghai(s.closesAt);
    var chosen = { paragraph: undefined, start: undefined, end: undefined }, quoteBox = el("p", "", "hd-hint");
    var doc = el("div", "", "hd-draft");
    (s.paragraphs || []).forEach(function (p, i) {
      var sec = el("div", "", "hd-para");
      var pp = el("p", p); pp.id = "para-" + i;
      sec.appendChild(pp);
      (s.comments || []).filter(function (c) { return c.paragraph === i; }).forEach(function (c) {
        var q = el("blockquote", "", "hd-comment");
        if (c.quote) q.appendChild(el("p", "“" + c.quote + "”", "muted"));
        q.appendChild(el("p", c.content));
        if (c.adoption) q.appendChild(el("p", "采纳情况：" + c.adoption, "hd-reply-unit"));
        sec.appendChild(q);
      });
      if (open) {
        var b = el("button", "对本段提意见", "hd-para-btn"); b.type = "button";
        b.setAttribute("aria-describedby", pp.id);
        b.addEventListener("click", function () {
          // A selection inside this paragraph anchors the comment to that passage.
          var sel = window.getSelection && window.getSelection(), start = 0, end = p.length;
          if (sel && sel.rangeCount && !sel.isCollapsed && pp.contains(sel.anchorNode) && pp.contains(sel.focusNode)) {
            var a = Math.min(sel.anchorOffset, sel.focusOffset), z = Math.max(sel.anchorOffset, sel.focusOffset);
            if (z > a) { start = a; end = z; }
          }
          chosen = { paragraph: i, start: start, end: end };
          quoteBox.textContent = "针对第 " + (i + 1) + " 段：“" + p.slice(start, end).slice(0, 120) + "”";
          var ta = d.getElementById("sol-content"); if (ta) ta.focus();
        });
        sec.appendChild(b);
      }
      doc.appendChild(sec);
    });
    box.appendChild(doc);
    if (s.feedbackReport) { box.appendChild(el("h2", "意见采纳情况反馈")); paras(box, s.feedbackReport); }
    if (!open) { box.appendChild(el("p", shanghai(s.opensAt) > new Date() ? "征集尚未开始。" : "征集已截止，感谢参与。", "hd-notice")); return; }
    box.appendChild(partForm(box, {
      id: "sol", title: "提交意见", button: "提交意见", endpoint: endpoint + "/comments", thanks: "您的意见已收到，经审核后公开。",
      fields: [{ name: "content", label: "意见内容", required: true, multiline: true, min: 5, max: 3000, msg: "请填写意见内容" }, { name: "name", label: "姓名（选填）", max: 40 }, { name: "contact", label: "联系方式（选填，不公开）", max: 100 }],
      extra: function (f) { f.insertBefore(quoteBox, f.querySelector(".hd-field")); quoteBox.textContent = "可先在上方正文中选中文字，再点击该段的“对本段提意见”，意见将对应到所选段落。"; },
      body: function (f) {
        var b = { content: f.elements.content.value.trim() };
        if (f.elements.name.value.trim()) b.name = f.elements.name.value.trim();
        if (f.elements.contact.value.trim()) b.contact = f.elements.contact.value.trim();
        if (chosen.paragraph !== undefined) { b.paragraph = chosen.paragraph; b.start = chosen.start; b.end = chosen.end; }
        return b;
      }
    }));
  }

  function survey(box, s, endpoint) {
    box.appendChild(el("h2", s.title));
    var meta = el("dl", "", "hd-facts");
    row(meta, "调查时间", show(s.opensAt) + " 至 " + show(s.closesAt));
    box.appendChild(meta);
    if (s.description) paras(box, s.description);
    if (s.results) {
      var res = el("section", "", "hd-results");
      res.appendChild(el("h2", "调查结果（共 " + s.results.responses + " 份答卷）"));
      s.results.questions.forEach(function (q) {
        res.appendChild(el("h3", q.title));
        if (q.options) {
          var t = el("table", "", "catalogue"), tb = el("tbody");
          var hr = el("tr"); hr.appendChild(el("th", "选项")).scope = "col"; hr.appendChild(el("th", "人数")).scope = "col"; hr.appendChild(el("th", "占比")).scope = "col";
          t.appendChild(el("thead")).appendChild(hr);
          q.options.forEach(function (o) {
            var tr = el("tr"); tr.appendChild(el("th", o.label)).scope = "row";
            tr.appendChild(el("td", String(o.count)));
            tr.appendChild(el("td", q.answered ? Math.round((o.count / q.answered) * 1000) / 10 + "%" : "—"));
            tb.appendChild(tr);
          });
          t.appendChild(tb); res.appendChild(t);
        } else if (q.type === "rating") res.appendChild(el("p", "平均评分：" + (q.average == null ? "—" : q.average) + " / " + q.max + "（" + q.answered + " 人作答）"));
        else res.appendChild(el("p", q.answered + " 人填写了文字意见（不公开具体内容）。", "muted"));
      });
      box.appendChild(res);
    }
    var open = shanghai(s.opensAt) <= new Date() && new Date() <= shanghai(s.closesAt);
    if (!open) { if (!s.results) box.appendChild(el("p", shanghai(s.opensAt) > new Date() ? "调查尚未开始。" : "调查已截止，结果将在整理后公布。", "hd-notice")); return; }
    var qs = s.questions || [];
    function answersOf(f) {
      var a = {};
      qs.forEach(function (q) {
        var name = "q_" + q.key;
        if (q.type === "multiple") { var v = []; Array.prototype.forEach.call(f.querySelectorAll('input[name="' + name + '"]:checked'), function (x) { v.push(x.value); }); if (v.length) a[q.key] = v; }
        else if (q.type === "text") { var t = f.elements[name] && f.elements[name].value.trim(); if (t) a[q.key] = t; }
        else { var c = valueOf(f, name); if (c) a[q.key] = q.type === "rating" ? Number(c) : c; }
      });
      return a;
    }
    function shown(q, a) {
      if (!q.showIf) return true;
      var v = a[q.showIf.question], picked = Array.isArray(v) ? v : [v];
      return q.showIf.anyOf.some(function (k) { return picked.indexOf(k) >= 0; });
    }
    var blocks = {};
    box.appendChild(partForm(box, {
      id: "sv", title: "参与调查", button: "提交答卷", endpoint: endpoint + "/responses", thanks: "感谢您参与调查！", fields: [],
      extra: function (f) {
        qs.forEach(function (q, i) {
          var fs = el("fieldset", "", "hd-group" + (q.type === "text" ? "" : " hd-radios"));
          fs.appendChild(el("legend", (i + 1) + ". " + q.title + (q.type === "multiple" ? "（可多选）" : "")));
          if (q.required) { var r = el("span", " *", "req"); r.setAttribute("aria-hidden", "true"); fs.firstChild.appendChild(r); }
          var name = "q_" + q.key;
          var opts = q.type === "rating" ? Array.from({ length: q.max || 5 }, function (_, k) { return { key: String(k + 1), label: (k + 1) + " 分" }; }) : q.options || [];
          if (q.type === "text") {
            var wrap = el("div", "", "hd-field"), id = "sv-" + q.key, lb = el("label", "请填写"); lb.htmlFor = id;
            var ta = el("textarea"); ta.id = id; ta.name = name; ta.rows = 3; ta.maxLength = 2000;
            if (q.required) { ta.required = true; ta.setAttribute("data-msg", "请回答：" + q.title); }
            wrap.appendChild(lb); wrap.appendChild(ta); fs.appendChild(wrap);
          } else opts.forEach(function (o, k) {
            var id = "sv-" + q.key + "-" + o.key, inp = el("input");
            inp.type = q.type === "multiple" ? "checkbox" : "radio"; inp.name = name; inp.value = o.key; inp.id = id;
            if (q.required && k === 0 && q.type !== "multiple") { inp.required = true; inp.setAttribute("data-msg", "请回答：" + q.title); }
            var lb2 = el("label", o.label); lb2.htmlFor = id;
            var sp = el("span", "", "hd-choice"); sp.appendChild(inp); sp.appendChild(lb2); fs.appendChild(sp);
          });
          blocks[q.key] = fs;
          f.appendChild(fs);
        });
        function refresh() { var a = answersOf(f); qs.forEach(function (q) { blocks[q.key].hidden = !shown(q, a); }); }
        f.addEventListener("change", refresh);
        refresh();
      },
      check: function (f) {
        var a = answersOf(f), out = [];
        qs.forEach(function (q) {
          if (q.type === "multiple" && q.required && !blocks[q.key].hidden && !a[q.key]) {
            var first = blocks[q.key].querySelector("input");
            setError(f, first, "请回答：" + q.title); out.push({ input: first, text: "请回答：" + q.title });
          }
        });
        return out;
      },
      body: function (f) {
        var a = answersOf(f), visibleAnswers = {};
        qs.forEach(function (q) { if (!blocks[q.key].hidden && a[q.key] !== undefined) visibleAnswers[q.key] = a[q.key]; });
        return { answers: visibleAnswers };
      }
    }));
  }

  function interview(box, v, endpoint) {
    box.appendChild(el("h2", v.title));
    var meta = el("dl", "", "hd-facts");
    row(meta, "访谈嘉宾", v.guests);
    row(meta, "访谈时间", show(v.startsAt) + " 至 " + show(v.endsAt).slice(11));
    box.appendChild(meta);
    if (v.description) paras(box, v.description);
    if (v.transcript) { box.appendChild(el("h2", "文字实录")); paras(box, v.transcript); }
    var answered = (v.questions || []).filter(function (q) { return q.answer; });
    if (answered.length) {
      box.appendChild(el("h2", "网民提问与答复"));
      answered.forEach(function (q) {
        var sec = el("section", "", "hd-reply");
        sec.appendChild(el("p", "网民：" + q.content));
        sec.appendChild(el("p", (q.answeredBy || "嘉宾") + "：" + q.answer));
        box.appendChild(sec);
      });
    }
    if (v.transcript || shanghai(v.endsAt) < new Date()) return;
    box.appendChild(partForm(box, {
      id: "iv", title: "向嘉宾提问", button: "提交问题", endpoint: endpoint + "/questions", thanks: "您的问题已收到，经审核后将转交嘉宾。",
      fields: [{ name: "content", label: "您的问题", required: true, multiline: true, min: 5, max: 1000, msg: "请填写您的问题" }, { name: "name", label: "网名或姓名（选填）", max: 40 }],
      body: function (f) { var b = { content: f.elements.content.value.trim() }; if (f.elements.name.value.trim()) b.name = f.elements.name.value.trim(); return b; }
    }));
  }

  function initPart(box) {
    var kind = box.getAttribute("data-hd-part"), api = box.getAttribute("data-api"), site = box.getAttribute("data-site");
    var seg = { solicitation: "solicitations", survey: "surveys", interview: "interviews" }[kind];
    if (!seg) return;
    var base = api + "/sites/" + encodeURIComponent(site) + "/" + seg;
    var id = new URLSearchParams(location.search).get("id");
    var loading = box.querySelector(".hd-needs-js");
    request("GET", id ? base + "/" + encodeURIComponent(id) : base).then(function (res) {
      if (loading) loading.remove();
      if (!res.ok) { box.appendChild(el("p", errorText(res), "hd-notice")); return; }
      if (!id) { renderList(box, res.body.items || [], box.getAttribute("data-page")); return; }
      var back = el("a", "返回列表"); back.href = box.getAttribute("data-page");
      box.appendChild(el("p")).appendChild(back);
      var endpoint = base + "/" + encodeURIComponent(id);
      if (kind === "solicitation") solicitation(box, res.body, endpoint);
      else if (kind === "survey") survey(box, res.body, endpoint);
      else interview(box, res.body, endpoint);
    });
  }

  Array.prototype.forEach.call(d.querySelectorAll("form[data-hd=letter],form[data-hd=disclosure],form[data-hd=counterfeit]"), initSubmitForm);
  Array.prototype.forEach.call(d.querySelectorAll("form[data-hd=query]"), initQuery);
  Array.prototype.forEach.call(d.querySelectorAll("form[data-hd=faq]"), initFaq);
  Array.prototype.forEach.call(d.querySelectorAll("[data-hd-notice]"), initNotice);
  Array.prototype.forEach.call(d.querySelectorAll("[data-hd-part]"), initPart);
  Array.prototype.forEach.call(d.querySelectorAll(".hd-needs-js"), function (x) { x.hidden = false; });
})();
