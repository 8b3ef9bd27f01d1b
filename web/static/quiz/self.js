/* Student play page of a self-paced quiz, no framework. Answers go to the JSON API and the
   reveal comes back with the reply; progress, score and time left grow in place; the event's
   live channel (the same one live quizzes use) says at once when the teacher closes it.
   Without JavaScript every form posts to the page and the page shows the same. */
(function () {
  "use strict";
  var root = document.getElementById("quiz");
  if (!root || root.getAttribute("data-mode") === "live") return;
  var data = function (name) { return root.getAttribute("data-" + name) || ""; };
  var token = data("token");
  try { if (token) window.localStorage.setItem("quiz:" + data("code"), token); } catch (e) { /* private mode */ }

  var Q = window.PutuoQuiz, el = Q.el, jitter = Q.jitter, fill = Q.fill, say = Q.say, chosenIn = Q.chosenIn,
      answerLine = Q.answerLine, retryAfter = Q.retryAfter;  // quiz/common.js

  /* ---- answers, progress, score, time left ------------------------------------------- */
  var texts = JSON.parse(data("msgs") || "{}");
  var total = parseInt(data("total") || "0", 10);
  var answered = parseInt(data("answered") || "0", 10);
  var score = parseInt(data("score") || "0", 10);
  var clockSelf = document.querySelector(".quiz-clock");
  var leftSelf = parseInt(data("left-ms") || "0", 10);
  var deadlineSelf = Date.now() + leftSelf;
  var closedShown = false;
  /* The same rule as web/quiz/countdown.py: seconds under a minute, then minutes, hours and
     minutes, days and hours; always rounded up and always with the unit. */
  var timeLeft = function (ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    if (s < 60) return fill(texts.seconds, { seconds: s });
    var m = Math.ceil(s / 60);
    if (m < 60) return fill(texts.minutes, { minutes: m });
    var h = Math.floor(m / 60);
    if (h < 48) return fill(texts.hours, { hours: h, minutes: m % 60 });
    return fill(texts.days, { days: Math.floor(h / 24), hours: h % 24 });
  };
  var tickSelf = function () {
    if (!clockSelf) return;
    var left = deadlineSelf - Date.now();
    clockSelf.textContent = left > 0 ? timeLeft(left) : texts.time_up;
    if (left <= 0) {
      clockSelf = null;
      window.setTimeout(function () { window.location.reload(); }, 600);
    }
  };
  var showProgress = function () {
    var text = document.querySelector(".quiz-progress-text"), bar = document.querySelector(".quiz-progress-bar");
    var mine = document.querySelector(".quiz-my-score");
    if (text) text.textContent = fill(texts.progress, { done: answered, total: total });
    if (bar) bar.value = answered;
    if (mine) mine.textContent = fill(texts.score, { score: score });
  };
  var resultLink = function (box, message) {
    box.textContent = "";
    box.appendChild(el("p", null, message));
    var link = el("a", "button", texts.see_result);
    link.href = data("result-url");
    box.appendChild(el("p")).appendChild(link);
    box.hidden = false;
  };
  var closed = function () {
    if (closedShown) return;
    closedShown = true;
    [].forEach.call(document.querySelectorAll(".quiz-q fieldset"), function (f) { f.disabled = true; });
    var timer = document.querySelector(".quiz-timer");
    if (timer) timer.hidden = true;
    clockSelf = null;
    resultLink(document.querySelector(".quiz-closed"), texts.closed);
  };
  document.addEventListener("submit", function (event) {
    var form = event.target.closest(".quiz-q");
    if (!form || !token || !window.fetch) return;
    event.preventDefault();
    var chosen = chosenIn(form);
    if (!chosen.length) { say(form, texts.choose, "quiz-result--wrong"); return; }
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    fetch(data("answer-url"), {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
      body: JSON.stringify({ question_id: form.getAttribute("data-question"), choice_ids: chosen })
    }).then(function (response) {
      if (response.status >= 500 || response.status === 429) throw new Error("busy");
      return response.json();
    }).then(function (body) {
      if (body.error) {
        say(form, body.error.message, "quiz-result--wrong");
        if (button) button.disabled = false;
        return;
      }
      form.querySelector("fieldset").disabled = true;
      if (button) button.remove();
      if (body.accepted) { answered += 1; score += body.points || 0; showProgress(); }
      if (body.correct === undefined) { say(form, body.accepted ? texts.saved : body.message, ""); return; }
      var box = say(form, body.correct ? texts.right : texts.wrong,
        body.correct ? "quiz-result--right" : "quiz-result--wrong");
      if (body.correct_answer) box.appendChild(answerLine(body.correct_answer));
      box.appendChild(el("p", "quiz-explain", body.explanation));
      (body.correct_choice_ids || []).forEach(function (id) {
        var input = form.querySelector("input[value='" + id + "']");
        if (input) input.closest("label").classList.add("quiz-choice--right");
      });
      var done = document.querySelector(".quiz-all-done");
      if (done && total && answered >= total) resultLink(done, texts.all_done);
    }).catch(function () {
      if (button) button.disabled = false;
      say(form, texts.error, "quiz-result--wrong");
    });
  });

  /* ---- the teacher may close the quiz before its time ------------------------------------
     Listen to the event's live channel (Server-Sent Events; polling with an ETag if the
     stream keeps failing): its state's phase turns "finished" at once. */
  var watchFailures = 0, watchTag = null;
  var onMessage = function (message) {
    var state = message && message.state;
    if (!state) return;
    if (state.phase === "finished") closed();
    else if (closedShown) window.location.reload();  // reopened by the teacher
  };
  var pollSelf = function () {
    var headers = { "Authorization": "Bearer " + token };
    if (watchTag) headers["If-None-Match"] = watchTag;
    fetch(data("live-url"), { headers: headers, cache: "no-store" }).then(function (response) {
      if (response.status === 304) return null;
      if (!response.ok) throw { wait: retryAfter(response, 10) };
      watchTag = response.headers.get("ETag");
      return response.json();
    }).then(function (message) { onMessage(message); return jitter(3000, 2000); })
      .catch(function (problem) { return (problem && problem.wait) || 10000; })
      .then(function (wait) { window.setTimeout(pollSelf, wait); });
  };
  var watch = function () {
    if (!window.EventSource) { pollSelf(); return; }
    var stream = new window.EventSource(data("stream-url"));
    stream.onmessage = function (event) {
      watchFailures = 0;
      try { onMessage(JSON.parse(event.data)); } catch (e) { /* a torn message: the next one repairs it */ }
    };
    stream.onerror = function () {
      if (stream.readyState !== window.EventSource.CLOSED) return;  // the browser reconnects by itself
      watchFailures += 1;
      if (watchFailures >= 3) { pollSelf(); return; }
      window.setTimeout(watch, jitter(1000 * Math.pow(2, watchFailures), 2000));
    };
  };
  if (clockSelf && leftSelf > 0) { tickSelf(); window.setInterval(tickSelf, 1000); }
  if (token && data("watch") === "yes") watch();
  root.setAttribute("data-ready", "yes");
})();
