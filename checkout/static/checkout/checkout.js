// Progressive enhancement: picking a region level re-renders the form with the next level's options.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (!el.matches || !el.matches("select[data-region]")) return;
  var form = el.form, next = form.querySelector("button.js-refresh");
  if (next) next.click();
});
