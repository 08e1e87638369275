// The round's to-do list: one box checks (or unchecks) every activity shown, so that
// assigning, submitting or approving a whole filtered list is not one click per row.
// A static file (no inline script): the pages run under a Content-Security-Policy.
"use strict";

(function () {
  const all = document.getElementById("check-all");
  if (!all) return;
  const boxes = Array.from(document.querySelectorAll("table.todo tbody input[type=checkbox]"));
  document.getElementById("check-all-field").hidden = false;
  function follow() {
    const checked = boxes.filter((box) => box.checked).length;
    all.checked = checked === boxes.length && checked > 0;
    all.indeterminate = checked > 0 && checked < boxes.length;
  }
  all.addEventListener("change", () => {
    for (const box of boxes) box.checked = all.checked;
  });
  for (const box of boxes) box.addEventListener("change", follow);
  follow();
})();
