/* Join page: suggested nicknames fill the field. A phone that joined before (its token is in
   localStorage) is offered ONLY "continue where I left off", not a second join: a pupil whose
   cookies were cleared gets their own place back instead of appearing twice on the board.
   If the server no longer knows that token (data-forget), it is forgotten and the form shows. */
(function () {
  "use strict";
  var box = document.querySelector(".quiz-suggest");
  var input = document.getElementById("nickname");
  if (box && input) {
    box.hidden = false;
    box.addEventListener("click", function (event) {
      var button = event.target.closest(".quiz-suggestion");
      if (button) { input.value = button.getAttribute("data-name"); input.focus(); }
    });
  }
  var resume = document.getElementById("quiz-resume");
  if (!resume) return;
  var key = "quiz:" + resume.getAttribute("data-code");
  var token = null;
  try {
    if (resume.getAttribute("data-forget") === "1") window.localStorage.removeItem(key);
    token = window.localStorage.getItem(key);
  } catch (e) { /* private mode */ }
  if (token) {
    resume.querySelector("input[name=token]").value = token;
    resume.hidden = false;
    var fresh = document.getElementById("quiz-join-new");
    if (fresh) fresh.hidden = true;
  }
})();
