// Small progressive enhancements, as real shops have: auto-submitting selects,
// a dismissible toast and the size-guide dialog. Everything works without them.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("select[data-autosubmit]")) el.form.requestSubmit();
});
document.addEventListener("click", (event) => {
  const el = event.target.closest("[data-dismiss], [data-open], [data-close]");
  if (!el) return;
  if (el.hasAttribute("data-dismiss")) el.closest(".toast").classList.add("hidden");
  if (el.hasAttribute("data-open")) document.getElementById(el.dataset.open).showModal();
  if (el.hasAttribute("data-close")) el.closest("dialog").close();
});
