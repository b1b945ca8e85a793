// Progressive enhancement: choosing a region level or a shipping option re-renders the form on the server
// (the same as pressing "Perbarui", which is hidden when scripts run), so the next region level and the total
// are always the server's. The "js" class hides the no-JavaScript hints in browsers without (scripting) queries.
document.documentElement.classList.add("js");
document.addEventListener("change", function (event) {
  var el = event.target;
  if (!el.matches || !el.matches("select[data-region], input[data-refresh]")) return;
  var button = el.form && el.form.querySelector("button.js-refresh");
  if (!button) return;
  if (el.form.requestSubmit) el.form.requestSubmit(button);
  else button.click();
});
