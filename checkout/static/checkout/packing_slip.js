// The packing slip's "Print" button (no inline handler: the Content-Security-Policy refuses them on buyer pages).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
