/* Heart & Soul player: progressive enhancement of <audio controls>.
 *
 * Without this script the browser's own controls play the recording. With it, the native
 * controls are removed and ours are the only ones: play/pause, ±15 s, a seek slider, time,
 * speed, a sleep timer, share, and on playlists a queue (play all, play from an item, "Play
 * next", previous/next). Keyboard shortcuts work anywhere on the page except in text fields.
 * Media Session metadata for lock screens; transcript and chapter seeking; the cue being
 * spoken is highlighted. Never starts playing by itself.
 *
 * Contract with listening.js (resume): [data-player] carries data-episode-id; every playlist
 * [data-track] carries data-episode-id; when the loaded track changes this script sets
 * player.dataset.episodeId and dispatches "hs:trackchange" ({detail: {episodeId}}) on the
 * player. A "#t=<seconds>" link wins over resume. This script never resets currentTime after
 * loading: the time display and slider follow the audio element's own events, so a position
 * set by listening.js shows as soon as it is set. */
(function () {
  "use strict";

  var SKIP_SECONDS = 15;
  var SPEEDS = [0.75, 1, 1.25, 1.5, 2];
  var SLEEP_TICK_MS = 1000;

  function formatTime(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  function interpolate(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  // "2 minutes 5 seconds", in the page's language (Intl knows the unit words).
  function spokenTime(seconds, language) {
    seconds = Math.max(0, Math.round(seconds || 0));
    var parts = [];
    var units = [["hour", Math.floor(seconds / 3600)], ["minute", Math.floor((seconds % 3600) / 60)], ["second", seconds % 60]];
    units.forEach(function (unit) {
      if (unit[1] || (unit[0] === "second" && !parts.length)) {
        try {
          parts.push(new Intl.NumberFormat(language, { style: "unit", unit: unit[0], unitDisplay: "long" }).format(unit[1]));
        } catch (e) {
          parts.push(unit[1] + " " + unit[0].charAt(0));
        }
      }
    });
    return parts.join(" ");
  }

  // Keys typed into these belong to the field, never to a shortcut.
  var TEXT_INPUT_TYPES = /^(text|search|email|url|tel|password|number|date|time|datetime-local|month|week)$/;
  function isTextField(element) {
    if (!element || !element.tagName) { return false; }
    if (element.isContentEditable) { return true; }
    var tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") { return true; }
    return tag === "INPUT" && TEXT_INPUT_TYPES.test(element.type || "text");
  }
  // Space (and Enter) already mean something on these.
  function spaceHasItsOwnMeaning(element) {
    if (!element || !element.tagName) { return false; }
    var tag = element.tagName;
    return tag === "BUTTON" || tag === "A" || tag === "SUMMARY" || tag === "INPUT" || element.getAttribute("role") === "button";
  }

  function enhance(player) {
    var audio = player.querySelector("[data-audio]");
    var ui = player.querySelector("[data-controls]");
    var shortcuts = player.querySelector("[data-shortcuts]");
    var toggle = player.querySelector('[data-action="toggle"]');
    var labelsPlay = player.querySelectorAll("[data-label-play]");
    var labelsPause = player.querySelectorAll("[data-label-pause]");
    var current = player.querySelector("[data-current-time]");
    var slider = player.querySelector("[data-seek-slider]");
    var durationTexts = player.querySelectorAll("[data-duration-text]");
    var spokenDuration = player.querySelector("[data-spoken-duration]");
    var download = player.querySelector("[data-download]");
    var speed = player.querySelector('[data-action="speed"]');
    var previousButton = player.querySelector('[data-action="previous"]');
    var nextButton = player.querySelector('[data-action="next"]');
    var nowPlayingLine = player.querySelector("[data-now-playing-line]");
    var nowPlayingTitle = player.querySelector("[data-now-playing-title]");
    var sleepSelect = player.querySelector("[data-sleep-timer]");
    var sleepRemaining = player.querySelector("[data-sleep-remaining]");
    var shareButton = player.querySelector("[data-share]");
    var status = player.querySelector("[data-player-status]");
    var language = document.documentElement.lang || undefined;
    var cues = Array.prototype.slice.call(document.querySelectorAll("[data-transcript] [data-cue-start]"));
    var playlist = document.querySelector("[data-playlist]");
    var playAll = document.querySelector("[data-play-all]");
    var currentTrack = null;
    var continueQueue = false;
    var knownDuration = parseFloat(player.dataset.durationSeconds) || 0;

    // One set of controls: ours.
    audio.removeAttribute("controls");
    audio.autoplay = false;
    ui.hidden = false;
    if (shortcuts) { shortcuts.hidden = false; }

    function announce(message) {
      // Emptied first so the same message twice is read twice.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 50);
    }

    // --- Playing, seeking, time ------------------------------------------------------------
    function duration() {
      return isFinite(audio.duration) && audio.duration > 0 ? audio.duration : knownDuration;
    }
    function seekTo(seconds) {
      var end = duration() || Infinity;
      audio.currentTime = Math.min(Math.max(0, seconds), end);
    }
    function skip(delta) { seekTo(audio.currentTime + delta); }
    function play() {
      var promise = audio.play();
      if (promise && promise.catch) { promise.catch(function () { /* the listener can press Play again */ }); }
    }
    function playPause() { if (audio.paused) { play(); } else { audio.pause(); } }

    function updateToggle() {
      // The label says what the button does next; no aria-pressed, which would contradict it.
      var playing = !audio.paused;
      labelsPlay.forEach(function (el) { el.hidden = playing; });
      labelsPause.forEach(function (el) { el.hidden = !playing; });
    }

    function updateTime() {
      var total = duration();
      var position = audio.currentTime || 0;
      current.textContent = formatTime(position);
      if (total) {
        slider.max = String(Math.floor(total));
        durationTexts.forEach(function (el) { el.textContent = formatTime(total); });
      }
      if (document.activeElement !== slider || !slider.dataset.dragging) { slider.value = String(Math.floor(position)); }
      slider.setAttribute("aria-valuetext", interpolate(player.dataset.textPosition, {
        position: spokenTime(position, language), duration: spokenTime(total, language)
      }));
      updateMediaPosition();
      updateSleepDisplay();
    }

    function highlightCue() {
      var t = audio.currentTime;
      cues.forEach(function (cue) {
        var start = parseFloat(cue.dataset.cueStart);
        var end = parseFloat(cue.dataset.cueEnd);
        if (t >= start && t < end) { cue.setAttribute("aria-current", "true"); }
        else { cue.removeAttribute("aria-current"); }
      });
    }

    slider.addEventListener("pointerdown", function () { slider.dataset.dragging = "1"; });
    slider.addEventListener("pointerup", function () { delete slider.dataset.dragging; });
    slider.addEventListener("input", function () { seekTo(parseFloat(slider.value)); });

    toggle.addEventListener("click", playPause);
    player.querySelector('[data-action="back"]').addEventListener("click", function () { skip(-SKIP_SECONDS); });
    player.querySelector('[data-action="forward"]').addEventListener("click", function () { skip(SKIP_SECONDS); });
    function setSpeed(rate) {
      // Loading the next playlist item resets playbackRate to defaultPlaybackRate: set both.
      audio.defaultPlaybackRate = audio.playbackRate = rate;
    }
    speed.addEventListener("change", function () { setSpeed(parseFloat(speed.value)); });
    audio.addEventListener("ratechange", function () { speed.value = String(audio.playbackRate); });
    audio.addEventListener("play", updateToggle);
    audio.addEventListener("pause", updateToggle);
    ["timeupdate", "loadedmetadata", "durationchange", "seeked", "seeking"].forEach(function (name) {
      audio.addEventListener(name, updateTime);
    });
    audio.addEventListener("timeupdate", highlightCue);
    audio.addEventListener("seeked", highlightCue);

    function changeSpeed(direction) {
      var index = SPEEDS.indexOf(audio.playbackRate);
      if (index < 0) { index = SPEEDS.indexOf(1); }
      index = Math.min(Math.max(0, index + direction), SPEEDS.length - 1);
      setSpeed(SPEEDS[index]);
    }

    // --- Keyboard shortcuts, anywhere on the page ------------------------------------------
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) { return; }
      var target = event.target;
      if (isTextField(target)) { return; }
      var key = event.key;
      var onSlider = target === slider;
      if (key === "k" || key === "K" || (key === " " && !spaceHasItsOwnMeaning(target))) { playPause(); }
      else if (key === "j" || key === "J" || (key === "ArrowLeft" && !onSlider)) { skip(-SKIP_SECONDS); }
      else if (key === "l" || key === "L" || (key === "ArrowRight" && !onSlider)) { skip(SKIP_SECONDS); }
      else if (key === "m" || key === "M") { audio.muted = !audio.muted; }
      else if (key === "<") { changeSpeed(-1); }
      else if (key === ">") { changeSpeed(1); }
      else { return; }
      event.preventDefault();
    });

    // --- Transcript and chapters ------------------------------------------------------------
    document.querySelectorAll("[data-seek]").forEach(function (button) {
      button.addEventListener("click", function () {
        seekTo(parseFloat(button.dataset.seek));
        play();
      });
    });

    // --- Media Session ----------------------------------------------------------------------
    function setMediaSession(title, artist) {
      if (!("mediaSession" in navigator) || typeof MediaMetadata === "undefined") { return; }
      var artwork = player.dataset.artwork ? [{ src: player.dataset.artwork, sizes: "512x512" }] : [];
      navigator.mediaSession.metadata = new MediaMetadata({ title: title, artist: artist, album: "Heart & Soul", artwork: artwork });
      var handlers = {
        play: play,
        pause: function () { audio.pause(); },
        seekbackward: function () { skip(-SKIP_SECONDS); },
        seekforward: function () { skip(SKIP_SECONDS); },
        seekto: function (details) { seekTo(details.seekTime); },
        previoustrack: playlist ? function () { stepTrack(-1); } : null,
        nexttrack: playlist ? function () { stepTrack(1); } : null
      };
      Object.keys(handlers).forEach(function (action) {
        try { navigator.mediaSession.setActionHandler(action, handlers[action]); } catch (e) { /* unsupported action */ }
      });
    }
    function updateMediaPosition() {
      if (!("mediaSession" in navigator) || !navigator.mediaSession.setPositionState) { return; }
      var total = duration();
      if (!total || !isFinite(total)) { return; }
      try {
        navigator.mediaSession.setPositionState({ duration: total, playbackRate: audio.playbackRate, position: Math.min(audio.currentTime, total) });
      } catch (e) { /* an inconsistent state mid-load; the next event sets it */ }
    }

    // --- Share ------------------------------------------------------------------------------
    function shareUrl() {
      var url = player.dataset.shareUrl || (window.location.origin + window.location.pathname);
      return new URL(url, window.location.href).href;
    }
    function copied() { announce(shareButton.dataset.copiedText); }
    function copyFallback(url) {
      var field = document.createElement("textarea");
      field.value = url;
      field.setAttribute("readonly", "");
      field.className = "visually-hidden";
      document.body.appendChild(field);
      field.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(field);
      if (ok) { copied(); } else { announce(interpolate(player.dataset.textCopyFailed, { url: url })); }
    }
    shareButton.addEventListener("click", function () {
      var url = shareUrl();
      var title = nowPlayingTitle ? nowPlayingTitle.textContent : player.dataset.title;
      // The share sheet on phones (where it is the expected gesture); the clipboard elsewhere.
      var touch = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
      if (navigator.share && touch) {
        navigator.share({ title: title, url: url }).catch(function () { /* dismissed */ });
      } else if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(copied, function () { copyFallback(url); });
      } else {
        copyFallback(url);
      }
    });

    // --- Sleep timer ------------------------------------------------------------------------
    var sleepDeadline = null;   // a time (ms) when the timer pauses playback
    var sleepAtEnd = false;
    var sleepTicker = null;
    function sleepText() {
      if (sleepAtEnd) { return player.dataset.textSleepEnd; }
      if (sleepDeadline === null) { return ""; }
      return interpolate(player.dataset.textSleepIn, { time: formatTime(Math.max(0, (sleepDeadline - Date.now()) / 1000)) });
    }
    function updateSleepDisplay() {
      var text = sleepText();
      sleepRemaining.hidden = !text;
      sleepRemaining.textContent = text;
    }
    function stopSleepTimer() {
      sleepDeadline = null;
      sleepAtEnd = false;
      if (sleepTicker) { window.clearInterval(sleepTicker); sleepTicker = null; }
      updateSleepDisplay();
    }
    function sleepNow() {
      audio.pause();
      continueQueue = false;  // the queue does not play on after the timer
      stopSleepTimer();
      sleepSelect.value = "";
      announce(player.dataset.textSleepDone);
    }
    sleepSelect.addEventListener("change", function () {
      stopSleepTimer();
      var choice = sleepSelect.value;
      if (choice === "end") {
        sleepAtEnd = true;
      } else if (choice) {
        sleepDeadline = Date.now() + parseFloat(choice) * 60 * 1000;
        sleepTicker = window.setInterval(function () {
          if (Date.now() >= sleepDeadline) { sleepNow(); } else { updateSleepDisplay(); }
        }, SLEEP_TICK_MS);
      }
      updateSleepDisplay();
      // The countdown itself is not live (it would talk every second); the choice is announced.
      announce(choice ? sleepText() : player.dataset.textSleepOff);
    });
    audio.addEventListener("ended", function () {
      if (sleepAtEnd) { sleepNow(); }
    });

    // --- Playlists: a queue ------------------------------------------------------------------
    function tracks() {
      return playlist ? Array.prototype.slice.call(playlist.querySelectorAll("[data-track]")) : [];
    }
    function markCurrent() {
      tracks().forEach(function (track) {
        var isCurrent = track === currentTrack;
        if (isCurrent) { track.setAttribute("aria-current", "true"); } else { track.removeAttribute("aria-current"); }
        var badge = track.querySelector("[data-now-playing-badge]");
        if (badge) { badge.hidden = !isCurrent; }
        // "Play next" means nothing for the item already loaded.
        var nextUp = track.querySelector("[data-play-next]");
        if (nextUp) { nextUp.hidden = isCurrent; }
      });
      var list = tracks();
      var index = list.indexOf(currentTrack);
      previousButton.disabled = index <= 0;
      nextButton.disabled = index < 0 || index >= list.length - 1;
    }
    function loadTrack(track, startPlaying) {
      if (!track) { continueQueue = false; return; }
      var changed = track !== currentTrack;
      currentTrack = track;
      if (changed) {
        audio.src = track.dataset.src;
        knownDuration = parseFloat(track.dataset.durationSeconds) || 0;
        // The player's length, spoken length, title and download link describe the item now loaded.
        durationTexts.forEach(function (el) { el.textContent = track.dataset.durationText; });
        if (spokenDuration) { spokenDuration.textContent = "(" + track.dataset.spokenDuration + ")"; }
        if (download) { download.href = track.dataset.src; }
        if (nowPlayingTitle) { nowPlayingTitle.textContent = track.dataset.title; }
        var link = track.querySelector("a[href]");
        if (link) { player.dataset.shareUrl = link.href; }
        player.dataset.title = track.dataset.title;
        player.dataset.artist = track.dataset.artist;
        setMediaSession(track.dataset.title, track.dataset.artist);
        if (track.dataset.episodeId) {
          player.dataset.episodeId = track.dataset.episodeId;
          player.dispatchEvent(new CustomEvent("hs:trackchange", { bubbles: true, detail: { episodeId: track.dataset.episodeId } }));
        }
      }
      markCurrent();
      updateTime();
      if (startPlaying) { play(); }
    }
    function stepTrack(direction) {
      var list = tracks();
      var index = list.indexOf(currentTrack) + direction;
      if (index < 0 || index >= list.length) { return; }
      loadTrack(list[index], !audio.paused || continueQueue);
    }

    if (playlist && tracks().length) {
      currentTrack = tracks()[0];
      nowPlayingLine.hidden = false;
      previousButton.addEventListener("click", function () { stepTrack(-1); });
      nextButton.addEventListener("click", function () { stepTrack(1); });
      tracks().forEach(function (track) {
        var playButton = track.querySelector("[data-play-track]");
        var nextUp = track.querySelector("[data-play-next]");
        // Play from this item on: the rest of the queue follows.
        if (playButton) {
          playButton.hidden = false;
          playButton.addEventListener("click", function () { continueQueue = true; loadTrack(track, true); });
        }
        if (nextUp) {
          nextUp.addEventListener("click", function () {
            if (track === currentTrack) { return; }
            // The queue is the list's order: moving the item just after the one playing moves it up.
            currentTrack.parentNode.insertBefore(track, currentTrack.nextSibling);
            nextUp.focus();  // moving an element can drop its focus
            markCurrent();
            announce(interpolate(player.dataset.textPlaysNext, { title: track.dataset.title }));
          });
        }
      });
      audio.addEventListener("ended", function () {
        if (continueQueue) {
          var list = tracks();
          var index = list.indexOf(currentTrack);
          if (index >= 0 && index < list.length - 1) { loadTrack(list[index + 1], true); } else { continueQueue = false; }
        }
      });
      if (playAll) {
        playAll.hidden = false;
        playAll.addEventListener("click", function () { continueQueue = true; loadTrack(tracks()[0], true); });
      }
      markCurrent();
    }

    setMediaSession(player.dataset.title, player.dataset.artist);
    updateToggle();
    updateTime();

    // A link such as a search hit (…/episode/#t=95) starts the recording at that moment.
    // It wins over a saved position (listening.js only resumes without one).
    var startAt = /^#t=(\d+(?:\.\d+)?)$/.exec(window.location.hash);
    if (startAt) { seekTo(parseFloat(startAt[1])); updateTime(); }
  }

  function enhanceCopyButtons() {
    document.querySelectorAll("[data-copy-button]").forEach(function (button) {
      var source = document.querySelector("[data-copy-source]");
      var status = document.querySelector("[data-copy-status]");
      button.addEventListener("click", function () {
        var done = function () {
          var original = button.textContent;
          button.textContent = button.dataset.copiedText;
          if (status) { status.textContent = button.dataset.copiedText; }
          setTimeout(function () { button.textContent = original; }, 2000);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(source.value).then(done, function () { source.select(); });
        } else {
          source.select();
          try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
        }
      });
    });
  }

  document.querySelectorAll("[data-player]").forEach(enhance);
  enhanceCopyButtons();
})();
