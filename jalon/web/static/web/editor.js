// The status editor: level follows the keyword unless the officer chose one, live rule
// hints, keyboard shortcuts, and a warning before leaving with unsaved changes.
// A static file (no inline script): the pages run under a Content-Security-Policy.
"use strict";

(function () {
  const form = document.getElementById("status-form");
  if (!form) return;
  const keyword = form.querySelector("[name=keyword]");
  const level = form.querySelector("[name=execution_level]");
  const texts = form.querySelectorAll("textarea[name^=text_]");
  let dirty = false;
  let levelChosen = false;

  // Footnote 7: green = completed, blue = in progress, red = postponed or not started.
  if (keyword && level) {
    const levelOf = JSON.parse(level.dataset.levelOf || "{}");
    level.addEventListener("change", () => { levelChosen = true; });
    keyword.addEventListener("change", () => {
      if (!levelChosen && levelOf[keyword.value]) level.value = levelOf[keyword.value];
    });
  }

  // Rule hints (footnote 6), from the server's own rules, as the officer types.
  const list = document.getElementById("hints");
  const ok = document.getElementById("hints-ok");
  let timer = null;
  function refreshHints() {
    const data = new FormData(form);
    fetch(form.dataset.hintsUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((answer) => {
        if (!answer || !list) return;
        list.replaceChildren();
        if (!answer.hints.length) list.append(ok.content.cloneNode(true));
        for (const hint of answer.hints) {
          const item = document.createElement("li");
          item.className = "finding " + hint.severity;
          item.textContent = hint.message;
          list.append(item);
        }
      })
      .catch(() => {});
  }
  function changed() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(refreshHints, 400);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // Unsaved changes: the browser asks before leaving the page.
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) { event.preventDefault(); event.returnValue = form.dataset.unsaved; }
  });

  // Ctrl+Enter (⌘+Enter): save and next; Ctrl+S (⌘+S): save.
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    if (event.key === "Enter") {
      event.preventDefault();
      form.querySelector("button[name=next]").click();
    } else if (event.key === "s" || event.key === "S") {
      event.preventDefault();
      form.querySelector("button[name=save]").click();
    }
  });
  if (texts.length) texts[0].focus();
})();
