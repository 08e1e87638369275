// The status editor: level follows the keyword unless the officer chose one, live rule
// hints, keyboard shortcuts, a warning before leaving with unsaved changes, and an
// autosaved draft (localStorage, per session, activity and version of the status).
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
  // The draft: what the officer typed, kept by the browser until it is saved, so that
  // nothing typed is lost (a closed tab, a crash, a lost session). It belongs to the
  // version of the status it was typed on: once someone saves a newer one, it is not
  // restored over it.
  const version = form.querySelector("[name=version]");
  const draftKey = form.dataset.draftKey + ":" + (version ? version.value || "0" : "0");
  const fields = Array.from(form.querySelectorAll("select, textarea, input[type=checkbox]"));
  const notice = document.getElementById("draft-notice");
  function values() {
    const found = {};
    for (const field of fields) {
      found[field.name] = field.type === "checkbox" ? field.checked : field.value;
    }
    return found;
  }
  function apply(saved) {
    for (const field of fields) {
      if (!(field.name in saved)) continue;
      if (field.type === "checkbox") field.checked = saved[field.name];
      else field.value = saved[field.name];
    }
  }
  const original = values();
  function storeDraft() {
    try {
      const now = values();
      const same = Object.keys(now).every((name) => now[name] === original[name]);
      if (same) localStorage.removeItem(draftKey);
      else localStorage.setItem(draftKey, JSON.stringify(now));
    } catch (error) { /* storage full or refused: the unsaved-change warning remains */ }
  }
  function dropDraft() {
    try { localStorage.removeItem(draftKey); } catch (error) { /* nothing kept */ }
  }
  let stored = null;
  try { stored = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (error) {}
  if (stored && !form.dataset.keepDraft) {
    apply(stored);
    levelChosen = true;  // the draft's level is the officer's own
    dirty = true;
    if (notice) notice.hidden = false;
  }
  const discard = document.getElementById("draft-discard");
  if (discard) {
    discard.addEventListener("click", () => {
      apply(original);
      dropDraft();
      dirty = false;
      notice.hidden = true;
      refreshHints();
    });
  }

  function changed() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(() => { refreshHints(); storeDraft(); }, 400);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // Unsaved changes: the browser asks before leaving the page.
  form.addEventListener("submit", () => { dirty = false; clearTimeout(timer); dropDraft(); });
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
  if (stored && !form.dataset.keepDraft) refreshHints();
  if (texts.length) texts[0].focus();
})();
