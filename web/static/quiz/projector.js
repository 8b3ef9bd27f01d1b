/* Projector: poll the live data every second and update in place — players, connected phones,
   answers so far, the countdown (on the server's clock) and, once the question closes, the
   reveal (the right choice stands out, the others step back) with how the class answered.
   A new question or the end of the quiz redraws the page once. The teacher's controls: a
   full-screen button (Esc leaves full screen, as everywhere), F toggles it, and the pointer
   hides itself after a few still seconds. */
(function () {
  "use strict";
  var root = document.getElementById("projector");
  if (!root) return;
  var attr = function (name) { return root.getAttribute("data-" + name); };
  var offset = parseInt(attr("server-now-ms") || "0", 10) - Date.now();
  var endsAt = parseInt(attr("ends-at-ms") || "0", 10);
  function setAll(selector, value) {
    [].forEach.call(document.querySelectorAll(selector), function (el) { el.textContent = value; });
  }
  function tick() {
    var clock = root.querySelector(".quiz-clock");
    if (!clock || !endsAt) return;
    clock.textContent = Math.ceil(Math.max(0, endsAt - (Date.now() + offset)) / 1000);
  }
  function reveal(live) {
    var list = root.querySelector(".stage-choices");
    if (!list || !live.distribution) return;
    var items = list.querySelectorAll(".stage-choice");
    live.distribution.forEach(function (d, i) {
      var item = items[i];
      if (!item) return;
      item.classList.add(d.correct ? "stage-choice--right" : "stage-choice--dim");
      var count = item.querySelector(".stage-count"), share = item.querySelector(".stage-share");
      count.textContent = d.count;
      count.hidden = false;
      share.max = Math.max(live.answered, 1);
      share.value = d.count;
      share.hidden = false;
      if (d.correct) {
        var mark = document.createElement("span");
        mark.className = "visually-hidden";
        mark.textContent = " " + attr("msg-right");
        item.querySelector(".stage-choice-text").appendChild(mark);
      }
    });
    list.classList.add("stage-choices--revealed");
    var explain = root.querySelector(".stage-explain");
    if (explain && live.explanation) { explain.textContent = live.explanation; explain.hidden = false; }
    var timer = root.querySelector(".stage-timer");
    if (timer) timer.hidden = true;
    fit();
  }
  /* One screen, no scrolling: a long question with long choices and explanation gets a
     slightly smaller type (never below 75% of the normal size). */
  function fit() {
    var body = document.body, page = document.documentElement, scale = 1;
    body.style.setProperty("--fit", "1");
    while (page.scrollHeight > window.innerHeight && scale > 0.76) {
      scale -= 0.05;
      body.style.setProperty("--fit", String(scale));
    }
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
        setAll(".quiz-players", live.players);
        setAll(".quiz-connected", live.connected);
        setAll(".quiz-answered", live.answered);
        if (live.phase !== attr("phase") || String(live.number) !== attr("number")) { window.location.reload(); return; }
        if (live.closed && attr("closed") !== "yes") { root.setAttribute("data-closed", "yes"); reveal(live); }
      })
      .catch(function () { wait = Math.min(10000, wait * 2); })
      .then(function () { window.setTimeout(poll, wait + Math.random() * 300); });
  }

  /* full screen */
  var button = document.querySelector(".stage-fullscreen");
  var page = document.documentElement;
  function full() { return !!document.fullscreenElement; }
  function toggle() {
    if (full()) document.exitFullscreen();
    else if (page.requestFullscreen) page.requestFullscreen().catch(function () { /* refused: stay as we are */ });
  }
  if (button && document.fullscreenEnabled) {
    button.hidden = false;
    button.addEventListener("click", toggle);
    document.addEventListener("fullscreenchange", function () {
      button.textContent = button.getAttribute(full() ? "data-leave" : "data-enter");
      button.setAttribute("aria-pressed", full() ? "true" : "false");
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if ((event.key === "f" || event.key === "F") && button && !button.hidden) { event.preventDefault(); toggle(); }
    if (event.key === "Escape" && document.activeElement && document.activeElement.closest(".stage-controls")) {
      document.activeElement.blur();  // hide the controls again (Esc also leaves full screen)
    }
  });

  /* the pointer hides after 3 still seconds, so it does not sit on the question */
  var idle = null;
  document.addEventListener("mousemove", function () {
    document.body.classList.remove("stage--idle");
    window.clearTimeout(idle);
    idle = window.setTimeout(function () { document.body.classList.add("stage--idle"); }, 3000);
  });

  fit();
  window.addEventListener("resize", fit);
  tick();
  window.setInterval(tick, 250);
  window.setTimeout(poll, 1000);
})();
