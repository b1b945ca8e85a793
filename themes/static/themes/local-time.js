/* Times in the buyer's own time zone: every <time data-local> the server rendered in the page's zone is rewritten
   with the browser's zone and language when the two zones differ (catalog/buyer_time.py). No cookie, no request. */
(function () {
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) return;
  var lang = document.documentElement.lang || "id";
  var withTime = { dateStyle: "long", timeStyle: "short", timeZone: zone };
  var dateOnly = { dateStyle: "medium", timeZone: zone };
  Array.prototype.forEach.call(document.querySelectorAll("time[data-local]"), function (el) {
    if (el.getAttribute("data-zone") === zone) return;
    var moment = new Date(el.getAttribute("datetime"));
    if (isNaN(moment)) return;
    var isDate = el.getAttribute("data-local") === "date";
    var text = new Intl.DateTimeFormat(lang, isDate ? dateOnly : withTime).format(moment);
    if (!isDate) {
      var name = new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: "long" })
        .formatToParts(moment).filter(function (p) { return p.type === "timeZoneName"; })[0];
      if (name) text += " (" + name.value + ")";
    }
    el.textContent = text;
    el.setAttribute("data-zone", zone);
  });
})();
