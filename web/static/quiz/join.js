/* Join page: suggested nicknames fill the field; a phone that joined before can resume. */
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
  var token = null;
  try { token = window.localStorage.getItem("quiz:" + resume.getAttribute("data-code")); } catch (e) { /* private mode */ }
  if (token) {
    resume.querySelector("input[name=token]").value = token;
    resume.hidden = false;
  }
})();
