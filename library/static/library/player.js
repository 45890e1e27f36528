/* Heart & Soul player: progressive enhancement of <audio controls>.
 * Adds play/pause, ±15 s, speed, keyboard shortcuts, Media Session metadata, transcript and
 * chapter seeking, highlighting of the cue being spoken, and "play all" for playlists.
 * Never starts playing by itself. */
(function () {
  "use strict";

  var SKIP_SECONDS = 15;

  function formatTime(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  function enhance(player) {
    var audio = player.querySelector("[data-audio]");
    var controls = player.querySelector("[data-controls]");
    var help = player.querySelector("[data-controls-help]");
    var toggle = player.querySelector('[data-action="toggle"]');
    var labelPlay = player.querySelector("[data-label-play]");
    var labelPause = player.querySelector("[data-label-pause]");
    var current = player.querySelector("[data-current-time]");
    var durationTexts = player.querySelectorAll("[data-duration-text]");
    var spokenDuration = player.querySelector("[data-spoken-duration]");
    var download = player.querySelector("[data-download]");
    var speed = player.querySelector('[data-action="speed"]');
    var cues = Array.prototype.slice.call(document.querySelectorAll("[data-transcript] [data-cue-start]"));
    var tracks = Array.prototype.slice.call(document.querySelectorAll("[data-playlist] [data-track]"));
    var playAll = document.querySelector("[data-play-all]");
    var trackIndex = 0;
    var playingAll = false;

    controls.hidden = false;
    help.hidden = false;

    function seekTo(seconds) {
      var duration = isFinite(audio.duration) ? audio.duration : Infinity;
      audio.currentTime = Math.min(Math.max(0, seconds), duration);
    }
    function skip(delta) { seekTo(audio.currentTime + delta); }
    function playPause() { if (audio.paused) { audio.play(); } else { audio.pause(); } }

    function updateToggle() {
      // The label says what the button does next; no aria-pressed, which would contradict it.
      var playing = !audio.paused;
      labelPlay.hidden = playing;
      labelPause.hidden = !playing;
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

    function setMediaSession(title, artist) {
      if (!("mediaSession" in navigator) || typeof MediaMetadata === "undefined") { return; }
      var artwork = player.dataset.artwork ? [{ src: player.dataset.artwork, sizes: "512x512" }] : [];
      navigator.mediaSession.metadata = new MediaMetadata({ title: title, artist: artist, album: "Heart & Soul", artwork: artwork });
      var handlers = {
        play: function () { audio.play(); },
        pause: function () { audio.pause(); },
        seekbackward: function () { skip(-SKIP_SECONDS); },
        seekforward: function () { skip(SKIP_SECONDS); },
        seekto: function (details) { seekTo(details.seekTime); },
        previoustrack: tracks.length ? function () { loadTrack(trackIndex - 1, true); } : null,
        nexttrack: tracks.length ? function () { loadTrack(trackIndex + 1, true); } : null
      };
      Object.keys(handlers).forEach(function (action) {
        try { navigator.mediaSession.setActionHandler(action, handlers[action]); } catch (e) { /* unsupported action */ }
      });
    }

    function loadTrack(index, autoplayRequested) {
      if (index < 0 || index >= tracks.length) { playingAll = false; return; }
      trackIndex = index;
      var track = tracks[index];
      tracks.forEach(function (t) { t.removeAttribute("aria-current"); });
      track.setAttribute("aria-current", "true");
      audio.src = track.dataset.src;
      // The player's length, spoken length and download link describe the item now loaded.
      durationTexts.forEach(function (el) { el.textContent = track.dataset.durationText; });
      if (spokenDuration) { spokenDuration.textContent = "(" + track.dataset.spokenDuration + ")"; }
      if (download) { download.href = track.dataset.src; }
      current.textContent = formatTime(0);
      setMediaSession(track.dataset.title, track.dataset.artist);
      if (autoplayRequested) { audio.play(); }
    }

    toggle.addEventListener("click", playPause);
    player.querySelector('[data-action="back"]').addEventListener("click", function () { skip(-SKIP_SECONDS); });
    player.querySelector('[data-action="forward"]').addEventListener("click", function () { skip(SKIP_SECONDS); });
    speed.addEventListener("change", function () {
      // Loading the next playlist item resets playbackRate to defaultPlaybackRate: set both.
      audio.defaultPlaybackRate = audio.playbackRate = parseFloat(speed.value);
    });
    audio.addEventListener("ratechange", function () { speed.value = String(audio.playbackRate); });
    audio.addEventListener("play", updateToggle);
    audio.addEventListener("pause", updateToggle);
    audio.addEventListener("timeupdate", function () {
      current.textContent = formatTime(audio.currentTime);
      highlightCue();
    });

    player.addEventListener("keydown", function (event) {
      if (event.target.tagName === "SELECT" || event.altKey || event.ctrlKey || event.metaKey) { return; }
      var key = event.key;
      if (key === "ArrowLeft" || key === "j" || key === "J") { skip(-SKIP_SECONDS); event.preventDefault(); }
      else if (key === "ArrowRight" || key === "l" || key === "L") { skip(SKIP_SECONDS); event.preventDefault(); }
      else if (key === "k" || key === "K" || (key === " " && event.target.tagName !== "BUTTON")) { playPause(); event.preventDefault(); }
    });

    document.querySelectorAll("[data-seek]").forEach(function (button) {
      button.addEventListener("click", function () {
        seekTo(parseFloat(button.dataset.seek));
        audio.play();
      });
    });

    if (tracks.length) {
      tracks[0].setAttribute("aria-current", "true");
      tracks.forEach(function (track, index) {
        var button = track.querySelector("[data-play-track]");
        if (button) { button.addEventListener("click", function () { playingAll = false; loadTrack(index, true); }); }
      });
      audio.addEventListener("ended", function () { if (playingAll) { loadTrack(trackIndex + 1, true); } });
      if (playAll) {
        playAll.hidden = false;
        playAll.addEventListener("click", function () { playingAll = true; loadTrack(0, true); });
      }
    }

    setMediaSession(player.dataset.title, player.dataset.artist);
    updateToggle();

    // A link such as a search hit (…/episode/#t=95) starts the recording at that moment.
    var startAt = /^#t=(\d+(?:\.\d+)?)$/.exec(window.location.hash);
    if (startAt) {
      seekTo(parseFloat(startAt[1]));
      current.textContent = formatTime(parseFloat(startAt[1]));
    }
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
