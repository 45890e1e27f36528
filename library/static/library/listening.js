/* Heart & Soul listening state: resume, listened markers, Save buttons, "continue listening".
 *
 * The page itself is the same for every employee (and may come from a shared cache); what is
 * personal arrives in ONE request after load: GET /listening/state/ with the ids of the episodes
 * and pages shown here. That response also sets the CSRF cookie, which the writes then send
 * (X-CSRFToken with fetch; csrfmiddlewaretoken in the form body with sendBeacon, which cannot
 * set headers).
 *
 * Without JavaScript nothing personal is shown: markers, Save buttons and the "continue
 * listening" section stay hidden, and the My listening page works with plain forms.
 *
 * Contract with player.js: [data-player] carries data-episode-id; player.js sets
 * player.dataset.episodeId and dispatches "hs:trackchange" when a playlist loads another track.
 * A "#t=<seconds>" link wins over resume. */
(function () {
  "use strict";

  if (window.heartAndSoulListening) { return; }  // the include can appear twice on a page
  window.heartAndSoulListening = true;

  var config = document.querySelector("[data-listening-config]");
  if (!config || !window.fetch) { return; }

  var SAVE_EVERY_MS = 15000;
  // The same rule as library/listening/queries.py: past 95%, or the last 30 s of 5 minutes or more.
  var FINISHED_SHARE = 0.95;
  var FINISHED_SECONDS_BEFORE_END = 30;
  var FINISHED_SECONDS_MIN_DURATION = 300;
  var RESUME_FROM_SECONDS = 5;  // closer to the start than this, starting again is no loss

  var state = { episodes: {}, saved: [], remember_history: true };

  function csrfToken() {
    var match = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function text(name, values) {
    var template = config.getAttribute("data-text-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      template = template.split("%(" + key + ")s").join(values[key]);
    });
    return template;
  }

  function formatTime(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  function countsAsFinished(position, duration) {
    return duration > 0 && (position >= duration * FINISHED_SHARE ||
      (duration >= FINISHED_SECONDS_MIN_DURATION && position >= duration - FINISHED_SECONDS_BEFORE_END));
  }

  function markerText(entry) {
    if (entry.finished) { return text("listened"); }
    var minutes = Math.max(1, Math.ceil((entry.duration - entry.position) / 60));
    return text("in-progress", { minutes: minutes });
  }

  function post(url, fields) {
    var body = new URLSearchParams(fields);
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" }
    }).then(function (response) { return response.ok ? response.json() : null; });
  }

  // --- Markers in show, playlist and search lists -------------------------------------------

  function fillMarkers() {
    document.querySelectorAll("[data-listening-marker]").forEach(function (marker) {
      var entry = state.episodes[marker.getAttribute("data-listening-marker")];
      if (entry) {
        marker.textContent = markerText(entry);
        marker.classList.toggle("listening-marker--finished", !!entry.finished);
        marker.hidden = false;
      } else {
        marker.hidden = true;
      }
    });
  }

  // --- Save buttons ---------------------------------------------------------------------------

  function setPressed(button, saved) {
    // The label stays "Save" (a toggle's name must not change); the state is aria-pressed,
    // shown by the filled icon and tick (listening.css), not by colour alone.
    button.setAttribute("aria-pressed", saved ? "true" : "false");
  }

  function enhanceSaveButtons() {
    document.querySelectorAll("[data-save-item]").forEach(function (button) {
      var pageId = parseInt(button.getAttribute("data-save-item"), 10);
      setPressed(button, state.saved.indexOf(pageId) !== -1);
      button.hidden = false;
      button.addEventListener("click", function () {
        var wanted = button.getAttribute("aria-pressed") !== "true";
        button.disabled = true;
        post(config.dataset.savedUrl, { page: pageId, saved: wanted ? "1" : "0" }).then(function (data) {
          if (data) { setPressed(button, data.saved); }
        }).finally(function () { button.disabled = false; });
      });
    });
  }

  // --- Continue listening (home page) ---------------------------------------------------------

  function fillContinueListening(items) {
    var section = document.querySelector("[data-continue-listening]");
    var list = section && section.querySelector("[data-continue-list]");
    if (!list || !items.length) { return; }
    list.textContent = "";
    items.forEach(function (item) {
      if (typeof item.url !== "string" || item.url.charAt(0) !== "/") { return; }
      var li = document.createElement("li");
      li.className = "listening-item";
      if (item.artwork) {
        var img = document.createElement("img");
        img.className = "listening-item__artwork";
        img.src = item.artwork;
        img.alt = "";
        img.width = 64;
        img.height = 64;
        li.appendChild(img);
      }
      var body = document.createElement("div");
      body.className = "listening-item__body";
      var link = document.createElement("a");
      link.className = "listening-item__title";
      link.href = item.url;
      link.textContent = item.title;
      if (item.lang && item.lang !== document.documentElement.lang) { link.lang = item.lang; }
      body.appendChild(link);
      var meta = document.createElement("p");
      meta.className = "listening-item__meta";
      meta.textContent = item.show || "";
      if (item.lang && item.lang !== document.documentElement.lang) { meta.lang = item.lang; }
      body.appendChild(meta);
      var marker = document.createElement("p");
      marker.className = "listening-marker";
      marker.textContent = markerText({ position: item.position, duration: item.duration, finished: false });
      body.appendChild(marker);
      var progress = document.createElement("progress");
      progress.className = "listening-item__progress";
      progress.max = 100;
      progress.value = item.duration ? Math.min(100, Math.round(100 * item.position / item.duration)) : 0;
      progress.setAttribute("aria-label", text("progress", { title: item.title }));
      body.appendChild(progress);
      li.appendChild(body);
      list.appendChild(li);
    });
    section.hidden = !list.children.length;
  }

  // --- The player: resume and save ------------------------------------------------------------

  function enhancePlayer(player) {
    var audio = player.querySelector("audio");
    if (!audio) { return; }
    var hashStart = /^#t=\d/.test(window.location.hash);
    var note = null;
    var timer = null;
    var last = null;  // what was last heard: {episode, position, duration}
    var lastSent = null;
    var played = false;  // a page merely visited (never played) leaves no history

    function episodeId() { return player.dataset.episodeId || ""; }

    function duration() {
      if (isFinite(audio.duration) && audio.duration > 0) { return audio.duration; }
      return parseFloat(player.dataset.durationSeconds) || 0;
    }

    function remember() {
      if (!episodeId() || !duration()) { return; }
      last = { episode: episodeId(), position: audio.currentTime || 0, duration: duration() };
    }

    function save(leaving, finished, keepLast) {
      if (!keepLast) { remember(); }
      if (!played || !state.remember_history || !last) { return; }
      var done = finished || countsAsFinished(last.position, last.duration);
      var key = last.episode + ":" + Math.round(last.position) + ":" + done;
      if (key === lastSent) { return; }
      lastSent = key;
      var fields = {
        episode: last.episode,
        position: last.position.toFixed(1),
        duration: last.duration.toFixed(1),
        finished: done ? "1" : "0",
        csrfmiddlewaretoken: csrfToken()
      };
      var entry = { position: last.position, duration: last.duration, finished: done };
      state.episodes[last.episode] = entry;
      if (leaving) {
        var body = new URLSearchParams(fields);
        if (!(navigator.sendBeacon && navigator.sendBeacon(config.dataset.positionUrl, body))) {
          fetch(config.dataset.positionUrl, { method: "POST", body: body, credentials: "same-origin", keepalive: true });
        }
        return;
      }
      post(config.dataset.positionUrl, fields).then(function (data) {
        if (data && data.stored === false) { state.remember_history = false; }
      });
      fillMarkers();
    }

    function removeNote() {
      if (note) { note.remove(); note = null; }
    }

    function showNote(position) {
      removeNote();
      note = document.createElement("p");
      note.className = "listening-resume";
      note.setAttribute("role", "status");
      note.appendChild(document.createTextNode(text("resuming", { time: formatTime(position) }) + " · "));
      var startOver = document.createElement("button");
      startOver.type = "button";
      startOver.className = "link-button";
      startOver.textContent = text("start-over");
      startOver.addEventListener("click", function () {
        audio.currentTime = 0;
        removeNote();
        save(false, false);
      });
      note.appendChild(startOver);
      player.insertAdjacentElement("afterend", note);
    }

    // Set the saved position once the recording's length is known; never after the listener
    // has moved the position themselves.
    function resume(id) {
      var entry = state.episodes[id];
      if (!entry || entry.finished || entry.position < RESUME_FROM_SECONDS) { removeNote(); return; }
      var apply = function () {
        if (episodeId() !== id || audio.currentTime > 1) { return; }
        audio.currentTime = Math.min(entry.position, Math.max(0, duration() - 1));
        showNote(audio.currentTime);
      };
      if (audio.readyState >= 1) { apply(); } else { audio.addEventListener("loadedmetadata", apply, { once: true }); }
    }

    audio.addEventListener("play", function () {
      played = true;
      clearInterval(timer);
      timer = setInterval(function () { save(false, false); }, SAVE_EVERY_MS);
    });
    audio.addEventListener("pause", function () { clearInterval(timer); save(false, false); });
    audio.addEventListener("seeked", function () { save(false, false); });
    audio.addEventListener("ended", function () { clearInterval(timer); save(false, true); });
    audio.addEventListener("timeupdate", remember);
    window.addEventListener("pagehide", function () { save(true, audio.ended); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { save(true, audio.ended); }
    });
    player.addEventListener("hs:trackchange", function (event) {
      // The previous track's place, as last heard, before the new one starts.
      // (The audio element already holds the new track, so `last` is sent as it was.)
      if (last && last.episode !== String(event.detail.episodeId)) { save(false, false, true); }
      last = null;
      lastSent = null;
      played = false;
      resume(String(event.detail.episodeId));
    });

    return function onState() {
      if (!hashStart) { resume(episodeId()); }
    };
  }

  // --- One request for everything personal on the page ----------------------------------------

  function idsOf(selector, attribute) {
    var ids = [];
    document.querySelectorAll(selector).forEach(function (el) {
      var id = el.getAttribute(attribute);
      if (/^\d+$/.test(id || "") && ids.indexOf(id) === -1) { ids.push(id); }
    });
    return ids;
  }

  var players = [];
  document.querySelectorAll("[data-player]").forEach(function (player) {
    var onState = enhancePlayer(player);
    if (onState) { players.push(onState); }
  });

  var episodes = idsOf("[data-player]", "data-episode-id")
    .concat(idsOf("[data-track]", "data-episode-id"))
    .concat(idsOf("[data-listening-marker]", "data-listening-marker"))
    .filter(function (id, index, all) { return all.indexOf(id) === index; })
    .slice(0, 200);
  var pages = idsOf("[data-save-item]", "data-save-item").slice(0, 200);
  var query = new URLSearchParams({
    episodes: episodes.join(","),
    pages: pages.join(","),
    lang: document.documentElement.lang || ""
  });

  fetch(config.dataset.stateUrl + "?" + query.toString(), {
    credentials: "same-origin",
    headers: { Accept: "application/json" }
  }).then(function (response) {
    return response.ok ? response.json() : null;
  }).then(function (data) {
    if (!data) { return; }
    state = data;
    fillMarkers();
    enhanceSaveButtons();
    fillContinueListening(data.continue_listening || []);
    players.forEach(function (onState) { onState(); });
  }).catch(function () { /* offline or logged out: the page works as it is */ });
})();
