/* The join storm's "busy, retrying" page after a refused join form (web/quiz/admission.py):
   send the same form again after the server's Retry-After, plus up to a second of jitter so
   the refused phones do not all come back at once. Without JS the pupil taps "Try again now". */
(function () {
  "use strict";
  var form = document.querySelector("form[data-retry-after]");
  if (!form) return;
  var seconds = parseFloat(form.getAttribute("data-retry-after"));
  if (isNaN(seconds)) seconds = 3;
  window.setTimeout(function () { form.submit(); }, seconds * 1000 + Math.random() * 1000);
})();
