// Behaviours every page shares. No inline script anywhere (CSP script-src 'self').
(function () {
  "use strict";

  // After a form submit the page lands where the answer is: the first error summary if the
  // form was refused, else the section the URL's #fragment names (a calculator result, the
  // pledge or event a resident just used). Focus moves there too, so a screen reader reads it.
  function land() {
    var target = document.querySelector("[data-focus-on-load]");
    if (!target && location.hash.length > 1) {
      target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    }
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }

  // A form with data-confirm="…" (delete, purge, deactivate, reset) asks first and says what
  // will be lost; without JavaScript the button's hint says the same.
  function confirmBeforeSubmit(event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }

  document.addEventListener("submit", confirmBeforeSubmit, true);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", land);
  else land();
})();
