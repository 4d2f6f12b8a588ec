/* Review site: a record's card shown over its highlight on hover or focus, and copy buttons
   for the corrections. No dependencies, no network; works from file://. */
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  var pinned = null;

  function chainOf(el) {
    var chain = [];
    for (var n = el; n && n.nodeType === 1; n = n.parentElement) {
      if (n.classList.contains("hl") && n.getAttribute("data-id")) chain.push(n);
    }
    return chain;
  }

  function show(el) {
    if (!tip) return;
    tip.textContent = "";
    chainOf(el).forEach(function (n, i) {
      var card = document.getElementById("card-" + n.getAttribute("data-id"));
      if (!card) return;
      var copy = card.cloneNode(true);
      copy.removeAttribute("id");
      Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (x) { x.removeAttribute("id"); });
      Array.prototype.forEach.call(copy.querySelectorAll("details.fix"), function (x) { x.remove(); });
      var box = document.createElement("div");
      box.className = "tip-card " + card.className.replace(/\bcard\b/, "");
      if (i > 0) {
        var inside = document.createElement("div");
        inside.className = "inside";
        inside.textContent = "inside";
        box.appendChild(inside);
      }
      while (copy.firstChild) box.appendChild(copy.firstChild);
      tip.appendChild(box);
    });
    tip.hidden = false;
    var r = el.getBoundingClientRect();
    var width = Math.min(440, document.documentElement.clientWidth - 16);
    tip.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function hide() {
    if (tip) tip.hidden = true;
    pinned = null;
  }

  function highlightOf(target) {
    return target && target.closest ? target.closest(".hl[data-id]") : null;
  }

  document.addEventListener("mouseover", function (e) {
    var hl = highlightOf(e.target);
    if (hl && !pinned) show(hl);
  });
  document.addEventListener("mouseout", function (e) {
    if (pinned || !highlightOf(e.target)) return;
    if (!highlightOf(e.relatedTarget) && !(e.relatedTarget && tip && tip.contains(e.relatedTarget))) tip.hidden = true;
  });
  document.addEventListener("focusin", function (e) {
    var hl = highlightOf(e.target);
    if (hl) { pinned = null; show(hl); }
  });
  document.addEventListener("focusout", function (e) {
    if (highlightOf(e.target) && !pinned) tip.hidden = true;
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
    var hl = highlightOf(e.target);
    if (hl && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      pinned = pinned === hl ? null : hl;
      show(hl);
    }
  });

  function done(button, label) {
    var before = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", before);
    button.textContent = label;
    setTimeout(function () { button.textContent = before; }, 2000);
  }

  function selectText(code, button) {
    var range = document.createRange();
    range.selectNodeContents(code);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    done(button, ok ? "Copied" : "Selected: press Ctrl+C");
  }

  /* A mention's entries are made from the page's templates (written by the same code as every
     other entry) when asked for: a source has many mentions. */
  var templates = null;
  function toggleEntries(button) {
    var li = button.closest("li");
    var open = li.querySelector(".entries");
    if (open) {
      open.remove();
      button.setAttribute("aria-expanded", "false");
      return;
    }
    if (templates === null) {
      var node = document.getElementById("entry-templates");
      templates = node ? JSON.parse(node.textContent) : {};
    }
    var table = li.getAttribute("data-table");
    var id = li.id.replace(/^card-/, "");
    var box = document.createElement("div");
    box.className = "entries";
    ["drop", "fix"].forEach(function (action) {
      var text = (templates[table] || {})[action];
      if (!text) return;
      var entry = document.createElement("div");
      entry.className = "entry";
      var copy = document.createElement("button");
      copy.type = "button";
      copy.className = "copy";
      copy.textContent = "Copy";
      copy.setAttribute("aria-label", "Copy the " + action + " entry");
      var pre = document.createElement("pre");
      var code = document.createElement("code");
      code.className = "yaml";
      code.setAttribute("data-action", action);
      code.textContent = text.split("{id}").join(id).split("{value}").join(li.getAttribute("data-value"));
      pre.appendChild(code);
      entry.appendChild(copy);
      entry.appendChild(pre);
      box.appendChild(entry);
    });
    li.appendChild(box);
    button.setAttribute("aria-expanded", "true");
  }

  document.addEventListener("click", function (e) {
    var opener = e.target.closest ? e.target.closest("button.entries-open") : null;
    if (opener) {
      toggleEntries(opener);
      return;
    }
    var button = e.target.closest ? e.target.closest("button.copy") : null;
    if (button) {
      var code = button.closest(".entry").querySelector("code");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code.textContent).then(
          function () { done(button, "Copied"); },
          function () { selectText(code, button); });
      } else {
        selectText(code, button);
      }
      return;
    }
    var hl = highlightOf(e.target);
    if (hl && !(e.target.closest && e.target.closest("a"))) {
      pinned = pinned === hl ? null : hl;
      show(hl);
    } else if (tip && !tip.contains(e.target)) {
      hide();
    }
  });

  function showTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.classList.contains("hl")) { pinned = el; show(el); }
  }
  window.addEventListener("hashchange", showTarget);
  showTarget();
})();
