/* Projector: poll the live data every second and update in place — players, connected phones,
   answers so far, the countdown (on the server's clock) and, once the question closes, the
   answer distribution. A new question or the end of the quiz redraws the page once. */
(function () {
  "use strict";
  var root = document.getElementById("projector");
  if (!root) return;
  var attr = function (name) { return root.getAttribute("data-" + name); };
  var offset = parseInt(attr("server-now-ms") || "0", 10) - Date.now();
  var endsAt = parseInt(attr("ends-at-ms") || "0", 10);
  function set(selector, value) { var el = root.querySelector(selector); if (el) el.textContent = value; }
  function tick() {
    var clock = root.querySelector(".quiz-clock");
    if (!clock || !endsAt) return;
    clock.textContent = Math.ceil(Math.max(0, endsAt - (Date.now() + offset)) / 1000);
  }
  function bars(live) {
    var list = root.querySelector(".quiz-bars");
    if (!list || !live.distribution) return;
    list.textContent = "";
    live.distribution.forEach(function (d) {
      var item = document.createElement("li");
      if (d.correct) item.className = "quiz-bar--right";
      var label = document.createElement("span");
      label.textContent = (d.correct ? "✓ " : "") + d.text;
      var meter = document.createElement("meter");
      meter.min = 0; meter.max = Math.max(live.answered, 1); meter.value = d.count;
      var count = document.createElement("strong");
      count.textContent = d.count;
      item.appendChild(label); item.appendChild(meter); item.appendChild(document.createTextNode(" ")); item.appendChild(count);
      list.appendChild(item);
    });
    list.hidden = false;
    var choices = root.querySelector(".quiz-choices-big");
    if (choices) choices.remove();
    var clock = root.querySelector(".quiz-clock");
    if (clock) clock.textContent = "0";
  }
  var wait = 1000;
  function poll() {
    fetch(attr("url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      })
      .then(function (live) {
        wait = 1000;
        offset = live.server_now_ms - Date.now();
        endsAt = live.ends_at_ms || 0;
        set(".quiz-players", live.players);
        set(".quiz-connected", live.connected);
        set(".quiz-answered", live.answered);
        if (live.phase !== attr("phase") || String(live.number) !== attr("number")) { window.location.reload(); return; }
        if (live.closed && attr("closed") !== "yes") { root.setAttribute("data-closed", "yes"); bars(live); }
      })
      .catch(function () { wait = Math.min(10000, wait * 2); })
      .then(function () { window.setTimeout(poll, wait + Math.random() * 300); });
  }
  tick();
  window.setInterval(tick, 250);
  window.setTimeout(poll, 1000);
})();
