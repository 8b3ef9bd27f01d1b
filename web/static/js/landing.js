// After a form submit the page lands where the answer is: the first error summary if the
// form was refused, else the section the URL's #fragment names (a calculator result, the
// pledge or event a resident just used). Focus moves there too, so a screen reader reads it.
(function () {
  "use strict";
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
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", land);
  else land();
})();
