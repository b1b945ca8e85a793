// Product page, progressive enhancement only: the variant radios, the quantity and the button are one form
// that works without this script. Choosing a variant here updates the shown price, stock note, the quantity's
// maximum and the address bar (?varian=, so a reload or a shared link keeps the choice).
(function () {
  "use strict";
  var form = document.querySelector("form.add-to-cart");
  if (!form) return;
  var price = document.getElementById("price");
  var stock = document.getElementById("stock");
  var qty = form.querySelector("input[name=quantity]");

  function show(radio) {
    if (price) {
      price.textContent = radio.dataset.price + (radio.dataset.compare ? " " : "");
      if (radio.dataset.compare) {
        var s = document.createElement("s");
        s.className = "compare";
        s.textContent = radio.dataset.compare;
        price.appendChild(s);
      }
    }
    if (stock) {
      stock.textContent = radio.dataset.stock;
      stock.className = "stock in";
    }
    if (qty) {
      qty.max = radio.dataset.available;
      if (Number(qty.value) > Number(qty.max)) qty.value = qty.max;
    }
    if (window.history && history.replaceState) {
      var url = new URL(window.location.href);
      url.searchParams.set("varian", radio.value);
      history.replaceState(null, "", url);
    }
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.name === "variant" && target.checked) show(target);
  });
  var checked = form.querySelector("input[name=variant]:checked");
  if (checked) show(checked);
})();
