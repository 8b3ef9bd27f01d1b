/* Projector: poll the live data; update counts in place, reload when the question changes. */
(function () {
  "use strict";
  var root = document.getElementById("projector");
  if (!root) return;
  var attr = function (name) { return root.getAttribute("data-" + name); };
  var clock = root.querySelector(".quiz-clock");
  var deadline = Date.now() + parseInt(attr("left-ms") || "0", 10);
  function set(selector, value) { var el = root.querySelector(selector); if (el) el.textContent = value; }
  function tick() {
    if (!clock) return;
    var left = Math.max(0, deadline - Date.now());
    clock.textContent = Math.ceil(left / 1000);
  }
  function poll() {
    fetch(attr("url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (live) {
        if (!live) return;
        set(".quiz-players", live.players);
        set(".quiz-answered", live.answered);
        if (live.phase !== attr("phase") || String(live.number) !== attr("number") ||
            (live.closed ? "yes" : "no") !== attr("closed")) { window.location.reload(); }
      })
      .catch(function () { /* try again */ })
      .then(function () { window.setTimeout(poll, 1500); });
  }
  if (clock) { tick(); window.setInterval(tick, 250); }
  window.setTimeout(poll, 1500);
})();
