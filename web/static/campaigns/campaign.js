// The campaign page is cached whole and shared by every visitor; this fills in the visitor's
// own parts from /campaigns/<slug>/state.json: the CSRF token for the forms, whether this
// browser has pledged or registered (with the link to its status page), and fresh counts.
// Without JavaScript the forms still work (the server checks the form's origin instead).
(function () {
  "use strict";
  var page = document.querySelector("[data-state-url]");
  if (!page || !window.fetch) { return; }
  fetch(page.getAttribute("data-state-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (state) {
      if (!state) { return; }
      page.querySelectorAll("input[name=csrf_token]").forEach(function (input) { input.value = state.csrf_token; });
      var count = page.querySelector("[data-pledge-count]");
      if (count) { count.textContent = state.pledges_text; }
      var progress = page.querySelector("#pledge-progress");
      if (progress) {
        progress.value = Math.min(state.pledges, Number(progress.getAttribute("max")));
        progress.textContent = String(state.pledges);
      }
      if (state.pledged) {
        var form = page.querySelector("[data-pledge-form]");
        if (form) { form.hidden = true; }
        var thanks = page.querySelector("[data-pledged]");
        if (thanks) { thanks.hidden = false; }
      }
      Object.keys(state.events || {}).forEach(function (id) {
        var item = state.events[id];
        var section = document.getElementById("event-" + id);
        if (!section) { return; }
        var places = section.querySelector("[data-places]");
        if (places) { places.textContent = item.places; }
        if (!item.mine) { return; }
        var mine = section.querySelector("[data-mine]");
        var register = section.querySelector("[data-register]");
        if (register) { register.hidden = true; }
        if (!mine) { return; }
        mine.querySelector("[data-mine-message]").textContent = item.mine.message;
        var link = mine.querySelector("[data-mine-link]");
        if (link && item.mine.status_url) { link.href = item.mine.status_url; link.hidden = false; }
        mine.hidden = false;
      });
    })
    .catch(function () { /* the page works without it */ });
}());
