// The side-by-side translation screen: Ctrl+Enter (⌘+Enter) saves and opens the next
// text, Ctrl+S (⌘+S) saves; leaving with unsaved changes asks first. A static file: the
// pages run under a Content-Security-Policy.
"use strict";

(function () {
  const form = document.getElementById("translation-form");
  if (!form) return;
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) { event.preventDefault(); event.returnValue = form.dataset.unsaved; }
  });
  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    const button = event.key === "Enter" ? form.querySelector("button[name=next]")
      : (event.key === "s" || event.key === "S") ? form.querySelector("button[name=save]") : null;
    if (!button || button.disabled) return;
    event.preventDefault();
    dirty = false;
    form.requestSubmit(button);
  });
  const text = document.getElementById("translation-text");
  if (text && !text.disabled) text.focus();
})();
