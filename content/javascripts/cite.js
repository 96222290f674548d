/* Cite a paragraph or a note: a small "cite" button beside each pilcrow and each note
   copies "<short citation>, ¶ 12, <stable URL>#p12" to the clipboard. Also a copy button
   on each ready citation of the "Cite this document" box. No external requests.
   Material's instant navigation swaps pages without reloading: run on every page via
   document$ (falls back to DOMContentLoaded without Material). */
(function () {
  "use strict";

  function locatorFor(id) {
    var m;
    if ((m = /^p(\d+)$/.exec(id))) return "¶ " + m[1];
    if ((m = /^n(\d+)$/.exec(id))) return "n. " + m[1];
    if ((m = /^n-star-(\d+)$/.exec(id))) return "n. " + "*".repeat(Number(m[1]));
    if ((m = /^para-(\d+)-([a-z])$/.exec(id))) return "para. " + m[1] + "." + m[2];
    if ((m = /^para-(\d+)$/.exec(id))) return "para. " + m[1];
    return "§ " + id;
  }

  function copy(text, button) {
    function done(ok) {
      var old = button.textContent;
      button.textContent = ok ? "copied" : "copy failed";
      window.setTimeout(function () { button.textContent = old; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    done(ok);
  }

  function button(label, title, text) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "cite-button";
    b.textContent = label;
    b.title = title;
    b.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      copy(typeof text === "function" ? text() : text, b);
    });
    return b;
  }

  function setup() {
    var box = document.getElementById("cite-this");
    if (!box || box.dataset.citeReady) return;
    box.dataset.citeReady = "1";
    var short = box.dataset.citeShort || document.title;
    var url = box.dataset.citeUrl || window.location.href.split("#")[0];

    function cite(id) { return short + ", " + locatorFor(id) + ", " + url + "#" + id; }

    document.querySelectorAll("a.pilcrow").forEach(function (a) {
      var id = (a.getAttribute("href") || "").replace(/^#/, "");
      if (!id) return;
      a.insertAdjacentElement("afterend", button("cite", "Copy a citation of this passage (" + locatorFor(id) + ")", function () { return cite(id); }));
    });
    document.querySelectorAll(".footnote li").forEach(function (li) {
      var span = li.querySelector("span[id^='n']");
      if (!span) return;
      var id = span.id;
      var target = li.querySelector("p:last-of-type") || li;
      target.appendChild(button("cite", "Copy a citation of this note (" + locatorFor(id) + ")", function () { return cite(id); }));
    });
    box.querySelectorAll(".cite-text").forEach(function (el) {
      var b = button("copy", "Copy this citation", function () { return el.textContent.trim(); });
      el.insertAdjacentElement("afterend", b);
    });
  }

  // setup() is idempotent per page (data-cite-ready), so both hooks may fire.
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
