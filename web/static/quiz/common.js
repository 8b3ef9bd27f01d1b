/* What the two student pages share (play.js draws a live quiz, self.js a self-paced one): small
   DOM helpers and the wait a Retry-After asks for. Loaded (deferred) before either. */
window.PutuoQuiz = (function () {
  "use strict";
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  return {
    el: el,
    jitter: function (base, spread) { return base + Math.random() * spread; },
    fill: function (template, values) {
      return String(template).replace(/\{(\w+)\}/g, function (_m, key) { return values[key]; });
    },
    say: function (form, text, cls) {
      var box = form.querySelector(".quiz-feedback");
      box.textContent = "";
      box.appendChild(el("p", "quiz-result" + (cls ? " " + cls : ""), text));
      return box;
    },
    chosenIn: function (form) {
      var typed = form.querySelector("input[name=choice][inputmode=decimal]");  // a numeric question
      if (typed) return typed.value.trim() ? [typed.value.trim()] : [];
      return [].map.call(form.querySelectorAll("input[name=choice]:checked"), function (i) { return i.value; });
    },
    answerLine: function (answer) { return el("p", "quiz-choice--right quiz-answer", answer.text); },
    retryAfter: function (response, fallback) {
      var seconds = parseFloat(response && response.headers.get("Retry-After"));
      return (isNaN(seconds) ? fallback : seconds) * 1000;
    }
  };
})();
