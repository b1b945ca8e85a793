// Progressive enhancement: choosing a region level or a shipping option re-renders the form on the server
// (the same as pressing "Perbarui"), so the next region level and the total are always the server's.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (!el.matches || !el.matches("select[data-region], input[data-refresh]")) return;
  var button = el.form && el.form.querySelector("button.js-refresh");
  if (button) button.click();
});
