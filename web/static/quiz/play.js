/* Student play page: plain polling, no framework. Answers go to the JSON API with the
   player's token; the page reloads when the teacher moves on (live) or time runs out. */
(function () {
  "use strict";
  var root = document.getElementById("quiz");
  if (!root) return;
  var data = function (name) { return root.getAttribute("data-" + name) || ""; };
  var token = data("token"), mode = data("mode");
  try { if (token) window.localStorage.setItem("quiz:" + data("code"), token); } catch (e) { /* ignore */ }
  var clock = document.querySelector(".quiz-clock");
  var deadline = Date.now() + parseInt(data("left-ms") || "0", 10);

  function tick() {
    if (!clock) return;
    var left = Math.max(0, deadline - Date.now());
    clock.textContent = mode === "live" ? Math.ceil(left / 1000) : Math.ceil(left / 60000);
    if (left <= 0 && parseInt(data("left-ms") || "0", 10) > 0) { window.setTimeout(reload, 600); clock = null; }
  }
  function reload() { window.location.reload(); }

  function say(form, text, cls) {
    var box = form.querySelector(".quiz-feedback");
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "quiz-result" + (cls ? " " + cls : "");
    p.textContent = text;
    box.appendChild(p);
    return box;
  }

  function send(form) {
    var chosen = [].map.call(form.querySelectorAll("input[name=choice]:checked"), function (i) { return i.value; });
    if (!chosen.length) { say(form, data("msg-choose"), "quiz-result--wrong"); return; }
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    fetch(data("answer-url"), {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
      body: JSON.stringify({ question_id: form.getAttribute("data-question"), choice_ids: chosen })
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (reply) {
      var body = reply.body;
      if (reply.status >= 500 || reply.status === 429) { throw new Error("busy"); }
      if (body.error) { say(form, body.error.message, "quiz-result--wrong"); return; }
      form.querySelector("fieldset").disabled = true;
      if (body.correct === undefined) {
        say(form, body.accepted ? data("msg-saved") : body.message, "");
        return;
      }
      var box = say(form, body.correct ? data("msg-right") : data("msg-wrong"),
        body.correct ? "quiz-result--right" : "quiz-result--wrong");
      var explain = document.createElement("p");
      explain.className = "quiz-explain";
      explain.textContent = body.explanation;
      box.appendChild(explain);
      (body.correct_choice_ids || []).forEach(function (id) {
        var input = form.querySelector("input[value='" + id + "']");
        if (input) input.closest("label").classList.add("quiz-choice--right");
      });
    }).catch(function () {
      if (button) button.disabled = false;
      say(form, data("msg-error"), "quiz-result--wrong");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest(".quiz-q");
    if (!form || !token || !window.fetch) return;
    event.preventDefault();
    send(form);
  });

  function poll() {
    fetch(data("state-url"), { headers: { "Authorization": "Bearer " + token } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return;
        var question = state.question ? String(state.question.id) : "";
        if (state.phase !== data("phase") || question !== data("question") ||
            (state.status !== "open") !== (data("status") !== "open")) { reload(); }
      })
      .catch(function () { /* flaky network: try again next time */ })
      .then(function () { window.setTimeout(poll, 1500 + Math.random() * 1000); });
  }

  if (clock) { tick(); window.setInterval(tick, 500); }
  if (mode === "live" && token) { window.setTimeout(poll, 1500); }
})();
