/* The teacher's lobby list, the projector's lobby names and the class leaderboard: poll the
   teacher's live data every 2 seconds and redraw what changed. Without JavaScript the
   server-rendered lists are shown and a reload updates them. */
(function () {
  "use strict";
  var box = document.querySelector("[data-live-url]");
  var lobby = document.querySelector(".quiz-lobby");
  var names = document.querySelector(".quiz-lobby-names");
  var board = document.querySelector(".quiz-class-ranks");
  if (!box || !window.fetch || (!lobby && !names && !board)) return;
  var shown = null;

  function drawLobby(players) {
    var list = lobby.querySelector(".quiz-lobby-list");
    var row = lobby.querySelector("template.quiz-lobby-row");
    list.textContent = "";
    players.forEach(function (p) {
      var item = row.content.firstElementChild.cloneNode(true);
      item.setAttribute("data-player", p.id);
      item.querySelector(".quiz-lobby-name").textContent = p.nickname;
      item.querySelector(".quiz-lobby-class").textContent = p.class_label || "";
      var form = item.querySelector("form");
      form.action = form.getAttribute("action").replace("/players/0/", "/players/" + p.id + "/");
      form.setAttribute("data-confirm", form.getAttribute("data-confirm").replace("{name}", p.nickname));
      item.querySelector(".visually-hidden").textContent = " " + p.nickname;
      list.appendChild(item);
    });
    lobby.querySelector(".quiz-lobby-count").textContent = players.length;
    lobby.querySelector(".quiz-lobby-empty").hidden = players.length > 0;
  }
  function drawNames(players) {
    names.textContent = "";
    players.forEach(function (p) {
      var item = document.createElement("li");
      item.textContent = p.nickname;
      names.appendChild(item);
    });
  }
  function drawBoard(classes) {
    var players = board.getAttribute("data-players");
    board.textContent = "";
    classes.forEach(function (c) {
      var item = document.createElement("li");
      [["quiz-class-rank", c.rank, "span"], ["quiz-class-label", c.label, "span"],
       ["quiz-class-players", players.replace("{count}", c.players), "span"], ["quiz-class-score", c.score, "strong"]]
        .forEach(function (part) {
          var el = document.createElement(part[2]);
          el.className = part[0];
          el.textContent = part[1];
          item.appendChild(el);
        });
      board.appendChild(item);
    });
  }
  var wait = 2000;
  function poll() {
    fetch(box.getAttribute("data-live-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (live) {
        wait = 2000;
        var key = JSON.stringify(live.lobby);
        if (key !== shown) {
          shown = key;
          if (lobby) drawLobby(live.lobby);
          if (names) drawNames(live.lobby);
        }
        if (board && live.classes) drawBoard(live.classes);
      })
      .catch(function () { wait = Math.min(15000, wait * 2); })
      .then(function () { window.setTimeout(poll, wait); });
  }
  window.setTimeout(poll, 1500);
})();
