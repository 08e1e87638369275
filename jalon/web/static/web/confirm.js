// A form with data-confirm="…" asks before it is sent: the question is data, not code,
// so any text (an apostrophe in French) is safe, and no inline script is needed.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
