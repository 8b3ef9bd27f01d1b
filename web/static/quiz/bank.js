/* Question editor: show only the answer section of the chosen type (without JS all show). */
(function () {
  "use strict";
  function update() {
    var checked = document.querySelector("input[name=kind]:checked");
    if (!checked) return;
    [].forEach.call(document.querySelectorAll("[data-kinds]"), function (section) {
      section.hidden = section.getAttribute("data-kinds").split(" ").indexOf(checked.value) < 0;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "kind") update();
  });
  document.addEventListener("DOMContentLoaded", update);
})();
