/*
 * Programme insights: tells the server that something happened, never who or when exactly.
 * Sends one small POST ("beacon") per event: this page was viewed, an episode was started or
 * reached 25/50/75/100 %, a playlist was played, a help link (phone, counselling, support) was
 * followed. The server counts it per day, page and language (see "What we count" in the footer).
 * Works on cached pages: the page id is in the page, the CSRF token in the cookie.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.dataset.eventUrl || !script.dataset.page) { return; }
  var url = script.dataset.eventUrl;
  var pageId = script.dataset.page;
  var sent = {};

  function csrfToken() {
    var match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function send(event, id) {
    var key = event + ":" + id;
    if (sent[key]) { return; }  // once per page load
    sent[key] = true;
    var body = new FormData();
    body.append("event", event);
    body.append("page", id);
    body.append("csrfmiddlewaretoken", csrfToken());
    if (!(navigator.sendBeacon && navigator.sendBeacon(url, body))) {
      fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: true })
        .catch(function () {});
    }
  }

  // Which kind of help a link is, if any.
  function helpKind(link) {
    var href = link.getAttribute("href") || "";
    if (href.indexOf("tel:") === 0) { return "call"; }
    if (link.closest(".resource--counselling")) { return "counselling"; }
    if (link.closest(".support-banner, .talk-to-someone, .helpline__reach, .resource, .support-fallback")) {
      return "resource";
    }
    return null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    var kind = link && helpKind(link);
    if (kind) { send(kind, pageId); }
  }, true);

  // The player (player.js) names the episode playing in data-episode-id.
  document.querySelectorAll("[data-player]").forEach(function (player) {
    var audio = player.querySelector("audio");
    if (!audio) { return; }
    var onPlaylist = Boolean(document.querySelector("[data-playlist]"));
    function episode() { return player.dataset.episodeId; }
    audio.addEventListener("play", function () {
      if (!episode()) { return; }
      send("start", episode());
      if (onPlaylist) { send("playlist", pageId); }
    });
    function progress() {
      var id = episode();
      var duration = audio.duration;
      if (!id || !isFinite(duration) || duration <= 0) { return; }
      var at = audio.currentTime;
      [25, 50, 75].forEach(function (step) {
        if (at >= duration * step / 100) { send(String(step), id); }
      });
      // Finished as listening.js has it: past 95 %, or the last 30 s of 5 minutes or more.
      if (at >= duration * 0.95 || (duration >= 300 && at >= duration - 30)) { send("100", id); }
    }
    audio.addEventListener("timeupdate", progress);
    audio.addEventListener("ended", function () { if (episode()) { send("100", episode()); } });
  });

  send("view", pageId);
}());
