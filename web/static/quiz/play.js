/* Student play page of a live quiz, no framework (a self-paced quiz has self.js).
   The page listens to the event's live channel (Server-Sent Events; polling with
   jitter and Retry-After if the stream fails) and draws each new state from JSON, without
   reloading. The countdown runs on the server's clock (offset from each message), and the
   server accepts an answer a little after the deadline, so "1 s" on the phone still counts. */
(function () {
  "use strict";
  var root = document.getElementById("quiz");
  if (!root) return;
  var data = function (name) { return root.getAttribute("data-" + name) || ""; };
  var token = data("token"), mode = data("mode");
  if (mode !== "live") return;
  try { if (token) window.localStorage.setItem("quiz:" + data("code"), token); } catch (e) { /* private mode */ }

  var Q = window.PutuoQuiz, el = Q.el, jitter = Q.jitter, fill = Q.fill, say = Q.say, chosenIn = Q.chosenIn,
      answerLine = Q.answerLine, retryAfter = Q.retryAfter;  // quiz/common.js
  function numberOf(text) {  // as core.quiz reads it, to say right/wrong
    var t = String(text || "");
    if (t.normalize) t = t.normalize("NFKC");
    t = t.replace(/\u2212/g, "-").replace(/\uFF0C/g, ",").replace(/\u3002/g, ".").replace(/,/g, "").trim();
    return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? parseFloat(t) : NaN;
  }

  /* ---- live ------------------------------------------------------------------------------ */
  var msgs = JSON.parse(data("msgs") || "{}");
  var box = document.getElementById("quiz-live");
  var linkState = root.querySelector(".quiz-link-state");
  var offset = parseInt(data("server-now-ms"), 10) - Date.now();  // server clock − phone clock
  var shown = { version: data("version"), question: data("question"), status: data("status"), phase: data("phase") };
  var endsAt = parseInt(data("ends-at-ms") || "0", 10);
  var sent = {};  // question id → choice ids this phone sent (or had sent before a reload)
  if (shown.question) {
    var before = JSON.parse(data("mine") || "[]");
    if (before.length) sent[shown.question] = before;
  }
  var clock = box.querySelector(".quiz-clock");

  function serverNow() { return Date.now() + offset; }

  function tick() {
    if (!clock || !endsAt) return;
    var left = Math.max(0, endsAt - serverNow());
    clock.textContent = Math.ceil(left / 1000);
    if (left <= 0 && shown.status === "open") {
      var form = box.querySelector("form.quiz-q");
      var button = form && form.querySelector("button[type=submit]");
      if (button && !sent[shown.question]) {
        form.querySelector("fieldset").disabled = true;
        say(form, msgs.time_up, "");
      }
    }
  }

  function showMe(me) {
    var score = root.querySelector(".quiz-my-score"), rank = root.querySelector(".quiz-my-rank");
    if (!me) return;
    if (score) score.textContent = fill(msgs.score, { score: me.score });
    if (rank) rank.textContent = me.rank ? "· " + fill(msgs.rank, { rank: me.rank, total: me.of }) : "";
  }

  function questionForm(question, reveal, open) {
    var form = el("form", "quiz-q");
    form.method = "post";
    form.action = data("answer-url");
    form.setAttribute("data-question", String(question.id));
    form.id = "q-" + question.id;
    var fieldset = el("fieldset");
    var legend = el("legend");
    legend.appendChild(el("span", "quiz-num", question.number + "."));
    legend.appendChild(document.createTextNode(" " + question.text));
    fieldset.appendChild(legend);
    if (question.image) {  // a teacher's picture
      var pic = el("img", "quiz-image");
      pic.src = question.image; pic.alt = question.image_alt || "";
      fieldset.appendChild(pic);
    }
    if (question.kind === "multi") fieldset.appendChild(el("p", "hint", msgs.multi));
    var mine = sent[String(question.id)] || [];
    var right = reveal ? reveal.correct_choice_ids : [];
    if (question.kind === "numeric") {  // a typed number
      var lab = el("label", "quiz-number"), input = el("input");
      lab.appendChild(el("span", "visually-hidden", msgs.number));
      input.name = "choice"; input.maxLength = 32; input.value = mine[0] || "";
      input.setAttribute("inputmode", "decimal");
      lab.appendChild(input);
      if (question.unit) lab.appendChild(el("span", null, question.unit));
      fieldset.appendChild(lab);
      if (reveal && reveal.correct_answer) fieldset.appendChild(answerLine(reveal.correct_answer));
    }
    question.choices.forEach(function (choice) {
      var label = el("label", "quiz-choice" + (right.indexOf(choice.id) >= 0 ? " quiz-choice--right" : ""));
      var input = el("input");
      input.type = question.kind === "multi" ? "checkbox" : "radio";
      input.name = "choice";
      input.value = choice.id;
      input.checked = mine.indexOf(choice.id) >= 0;
      label.appendChild(input);
      label.appendChild(el("span", null, choice.text));
      if (right.indexOf(choice.id) >= 0) label.appendChild(el("span", "visually-hidden", msgs.right_mark));
      fieldset.appendChild(label);
    });
    if (open && !mine.length) {
      var button = el("button", null, msgs.submit);
      button.type = "submit";
      fieldset.appendChild(button);
    }
    fieldset.disabled = !open || mine.length > 0;
    form.appendChild(fieldset);
    var feedback = el("div", "quiz-feedback");
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");
    if (mine.length && open) feedback.appendChild(el("p", "quiz-result", msgs.saved));
    form.appendChild(feedback);
    return form;
  }

  function leaderboard(state, me) {
    if (!state.top) return null;
    var section = el("section", "quiz-board");
    section.appendChild(el("h2", null, msgs.leaderboard + (state.frozen ? " (" + msgs.frozen + ")" : "")));
    var list = el("ol", "quiz-ranks");
    var listed = false;
    state.top.forEach(function (p) {
      var item = el("li");
      if (me && p.rank === me.rank && p.score === me.score && !listed) { item.className = "quiz-me"; listed = true; }
      item.appendChild(el("span", null, p.rank + ". " + p.nickname));
      item.appendChild(el("span", "num", String(p.score)));
      list.appendChild(item);
    });
    if (me && me.rank && !listed) {
      var mine = el("li", "quiz-me quiz-me--below");
      mine.appendChild(el("span", null, fill(msgs.rank, { rank: me.rank, total: me.of })));
      mine.appendChild(el("span", "num", String(me.score)));
      list.appendChild(mine);
    }
    section.appendChild(list);
    return section;
  }

  function render(state, me) {
    var question = state.question;
    var key = question ? String(question.id) : "";
    var sameOpenQuestion = state.status === "open" && shown.status === "open" && key === shown.question &&
      state.phase === shown.phase && box.querySelector("form.quiz-q");
    shown = { version: state.version, question: key, status: state.status, phase: state.phase };
    endsAt = state.ends_at_ms || 0;
    showMe(me);
    if (sameOpenQuestion) return;  // e.g. the leaderboard was frozen: keep the student's choice
    box.textContent = "";
    clock = null;
    if (state.phase === "lobby") {
      box.appendChild(el("p", "notice quiz-wait", msgs.lobby));
    } else if (state.phase === "finished") {
      var done = el("p", "notice", fill(msgs.finished, { score: me ? me.score : 0 }) + " ");
      var link = el("a", null, msgs.certificate);
      link.href = data("certificate-url");
      done.appendChild(link);
      box.appendChild(done);
      var board = leaderboard(state, me);
      if (board) box.appendChild(board);
    } else if (question) {
      var timer = el("p", "quiz-timer", fill(msgs.number, { number: question.number, total: state.total }));
      if (state.status === "open") {
        timer.appendChild(document.createTextNode(" · " + msgs.time_left + " "));
        clock = el("span", "quiz-clock");
        clock.setAttribute("role", "timer");
        clock.setAttribute("aria-live", "off");
        timer.appendChild(clock);
        timer.appendChild(document.createTextNode(" " + msgs.seconds));
      }
      box.appendChild(timer);
      var open = state.status === "open";
      var form = questionForm(question, state.reveal, open);
      box.appendChild(form);
      if (state.reveal) {
        var mine = sent[key] || [];
        var right = state.reveal.correct_choice_ids.slice().sort().join(",");
        var feedback = form.querySelector(".quiz-feedback");
        if (mine.length) {
          var answer = state.reveal.correct_answer;
          var correct = answer
            ? Math.abs(numberOf(mine[0]) - parseFloat(answer.value)) <= parseFloat(answer.tolerance) + 1e-9
            : mine.slice().sort().join(",") === right;
          feedback.appendChild(el("p", "quiz-result " + (correct ? "quiz-result--right" : "quiz-result--wrong"),
            correct ? msgs.right : msgs.wrong));
        }
        feedback.appendChild(el("p", "quiz-explain", state.reveal.explanation));
        var source = state.reveal.source;
        if (source) {  // the same line the page shows under a reveal (the facts' source)
          var line = el("p", "quiz-source", source.label + " ");
          var title = source.url ? el("a", null, source.title) : el("span", null, source.title);
          if (source.url) { title.href = source.url; title.rel = "noopener noreferrer"; }
          line.appendChild(title);
          line.appendChild(document.createTextNode(" · " + source.meta));
          form.appendChild(line);
        }
        if (!mine.length) box.appendChild(el("p", "notice notice--warning", msgs.missed));
        box.appendChild(el("p", "quiz-wait", msgs.wait_next));
        var board2 = leaderboard(state, me);
        if (board2) box.appendChild(board2);
      }
      tick();
    }
  }

  function apply(message) {
    if (!message || !message.state) return;
    if (message.now_ms) offset = message.now_ms - Date.now();
    if (message.state.version === shown.version) { showMe(message.me); return; }
    render(message.state, message.me);
  }

  /* answers */
  function send(form, attempt) {
    var chosen = chosenIn(form);
    if (!chosen.length) { say(form, msgs.choose, "quiz-result--wrong"); return; }
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    var questionId = form.getAttribute("data-question");
    fetch(data("answer-url"), {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
      body: JSON.stringify({ question_id: questionId, choice_ids: chosen })
    }).then(function (response) {
      if ((response.status >= 500 || response.status === 429) && attempt < 3) {
        window.setTimeout(function () { send(form, attempt + 1); }, jitter(retryAfter(response, 1), 1000));
        return null;
      }
      return response.json();
    }).then(function (body) {
      if (!body) return;
      if (body.error) { say(form, body.error.message, "quiz-result--wrong"); if (button) button.disabled = false; return; }
      sent[questionId] = chosen;
      form.querySelector("fieldset").disabled = true;
      if (button) button.remove();
      say(form, body.accepted ? msgs.saved : body.message, "");
    }).catch(function () {
      if (button) button.disabled = false;
      say(form, msgs.error, "quiz-result--wrong");
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target.closest(".quiz-q");
    if (!form || !token || !window.fetch) return;
    event.preventDefault();
    send(form, 0);
  });

  /* the live channel: SSE first, polling with jitter as the fallback */
  var failures = 0, etag = null, source = null;
  function linkTrouble(on) { if (linkState) { linkState.hidden = !on; linkState.textContent = on ? msgs.reconnecting : ""; } }

  function poll() {
    fetch(data("live-url"), { headers: etag ? { "Authorization": "Bearer " + token, "If-None-Match": etag }
                                            : { "Authorization": "Bearer " + token }, cache: "no-store" })
      .then(function (response) {
        var serverMs = parseInt(response.headers.get("X-Server-Time-Ms"), 10);
        if (!isNaN(serverMs)) offset = serverMs - Date.now();
        if (response.status === 304) { failures = 0; return null; }
        if (response.status === 410) { window.location.reload(); return null; }  // removed by the teacher
        if (response.status === 429 || response.status >= 500) {
          failures += 1;
          throw { wait: retryAfter(response, Math.min(30, Math.pow(2, failures))) };
        }
        if (!response.ok) { failures += 1; throw {}; }
        failures = 0;
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (message) { linkTrouble(false); apply(message); return jitter(1500, 1000); })
      .catch(function (problem) {
        linkTrouble(failures > 1);
        return jitter((problem && problem.wait) || Math.min(30000, 1000 * Math.pow(2, failures)), 1000);
      })
      .then(function (wait) { window.setTimeout(poll, wait); });
  }

  /* A stream refused for good may mean the teacher removed this player: ask once, and if so
     reload, and the page says so. */
  function gone() {
    fetch(data("live-url"), { headers: { "Authorization": "Bearer " + token }, cache: "no-store" })
      .then(function (response) { if (response.status === 410) window.location.reload(); })
      .catch(function () { /* offline: the retries below carry on */ });
  }

  function connect() {
    if (!window.EventSource) { poll(); return; }
    source = new window.EventSource(data("stream-url"));
    source.onmessage = function (event) {
      failures = 0;
      linkTrouble(false);
      try { apply(JSON.parse(event.data)); } catch (e) { /* a torn message: the next one repairs it */ }
    };
    source.onerror = function () {
      if (source.readyState !== window.EventSource.CLOSED) return;  // the browser reconnects by itself
      source = null;
      gone();
      failures += 1;
      linkTrouble(failures > 1);
      if (failures >= 3) { poll(); return; }  // the stream keeps failing (a proxy?): poll instead
      window.setTimeout(connect, jitter(1000 * Math.pow(2, failures), 2000));
    };
  }

  tick();
  window.setInterval(tick, 250);
  if (token) connect();
})();
