// The chat widget: plain DOM, no framework. Text is always inserted as text; only
// [title](/path) or [title](https://…) become links. History lives in sessionStorage, so the
// conversation survives page loads in this tab and nowhere else.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root) return;
  var toggle = root.querySelector(".chat-toggle");
  var panel = root.querySelector(".chat-panel");
  var closeButton = root.querySelector(".chat-close");
  var log = root.querySelector(".chat-log");
  var form = root.querySelector(".chat-form");
  var input = root.querySelector("#chat-input");
  var csrfToken = null;  // fetched on the first send: pages carry nothing per visitor
  var STORE = "putuo-chat-v1";
  var LINK = /\[([^\]\n]{1,200})\]\(((?:\/|https:\/\/)[^\s)]{0,500})\)/g;

  function load() {
    try { return JSON.parse(sessionStorage.getItem(STORE)) || { open: false, items: [] }; }
    catch (e) { return { open: false, items: [] }; }
  }
  var state = load();
  function save() {
    state.items = state.items.slice(-60);
    try { sessionStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  function appendText(node, text) {
    var last = 0, match;
    LINK.lastIndex = 0;
    while ((match = LINK.exec(text)) !== null) {
      node.appendChild(document.createTextNode(text.slice(last, match.index)));
      var a = document.createElement("a");
      a.href = match[2];
      a.textContent = match[1];
      if (match[2].indexOf("https://") === 0) { a.rel = "noopener noreferrer"; a.target = "_blank"; }
      node.appendChild(a);
      last = LINK.lastIndex;
    }
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  function render(item) {
    var li = document.createElement("li");
    li.className = item.from === "user" ? "from-user" : "from-bot";
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = (item.from === "user" ? root.dataset.you : root.dataset.bot) + ": ";
    li.appendChild(who);
    appendText(li, item.text);
    log.appendChild(li);
    if (item.buttons && item.buttons.length) {
      var row = document.createElement("li");
      row.className = "quick";
      item.buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = b.title;
        button.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(button);
      });
      log.appendChild(row);
    }
    log.scrollTop = log.scrollHeight;
  }

  function add(item) { state.items.push(item); save(); render(item); }

  function setOpen(open) {
    state.open = open; save();
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.hidden = open;
    if (open) {
      if (!state.items.length) add({ from: "bot", text: root.dataset.greeting });
      input.focus();
    } else {
      toggle.focus();
    }
  }

  function token(fresh) {
    if (csrfToken && !fresh) return Promise.resolve(csrfToken);
    return fetch(root.dataset.tokenEndpoint, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (body) { csrfToken = body.csrf_token; return csrfToken; });
  }

  function post(message, retried) {
    return token(retried).then(function (value) {
      return fetch(root.dataset.endpoint, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": value },
        body: JSON.stringify({ message: message, lang: root.dataset.lang })
      });
    }).then(function (response) {
      // A 400 before the bot answered is an expired token: fetch a new one and try once more.
      if (response.status === 400 && !retried) return post(message, true);
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    });
  }

  function send(message, shown) {
    message = (message || "").trim();
    if (!message) return;
    add({ from: "user", text: shown || message });
    var busy = form.querySelector("button");
    busy.disabled = true;
    post(message, false).then(function (result) {
      if (!result.ok) { add({ from: "bot", text: (result.body.error && result.body.error.message) || root.dataset.error }); return; }
      (result.body.replies || []).forEach(function (reply) {
        add({ from: "bot", text: reply.text || "", buttons: reply.buttons || [] });
      });
    }).catch(function () {
      add({ from: "bot", text: root.dataset.error });
    }).then(function () { busy.disabled = false; input.focus(); });
  }

  state.items.forEach(render);
  if (state.open) { panel.hidden = false; toggle.hidden = true; toggle.setAttribute("aria-expanded", "true"); }
  toggle.addEventListener("click", function () { setOpen(true); });
  closeButton.addEventListener("click", function () { setOpen(false); });
  // Escape closes the open panel wherever focus is (after a page load it is on the page).
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && state.open) setOpen(false); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var message = input.value;
    input.value = "";
    send(message);
  });
})();
