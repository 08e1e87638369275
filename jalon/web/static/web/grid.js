// The round's grid: warn before leaving with unsaved cells; mark the changed rows.
"use strict";

(function () {
  const form = document.getElementById("grid-form");
  if (!form) return;
  // After a refused save the page shows typed values not saved yet: leaving asks too.
  let dirty = form.dataset.dirty === "1";
  form.addEventListener("input", (event) => {
    dirty = true;
    const row = event.target.closest("tr");
    if (row) row.classList.add("changed");
  });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) { event.preventDefault(); event.returnValue = form.dataset.unsaved; }
  });
})();
