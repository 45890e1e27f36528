/* Audio upload with progress: enhances the audio file form's file input ([data-audio-upload]).
 *
 * Without this script the form posts the file as any form does. With it:
 * - the size limit (data-max-bytes) is checked as soon as a file is chosen and again on save,
 *   before any byte is sent;
 * - data-mode="form" (local storage): the form itself is sent by XHR, with a progress bar,
 *   percent, time left and a Cancel button;
 * - data-mode="s3": the file goes from the browser straight to the bucket as a multipart upload
 *   (presigned part URLs from the data-url-* endpoints, parts in parallel, each part retried
 *   after a dropped connection), then the form is sent with only a signed reference to the
 *   uploaded object (pending_upload); the server checks its content and moves it into place.
 *   Cancel aborts the multipart upload.
 * The server answers the script's form post (header X-Audio-Upload) in JSON: where to go next,
 * or the form's errors, shown here. Every text comes translated in data-text-* attributes.
 */
(function () {
  "use strict";

  var PARALLEL_PARTS = 3;
  var MAX_PART_ATTEMPTS = 6;
  var SIGN_BATCH = 6;

  function interpolate(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  // As library.audio.human_size, so the browser's message matches the server's.
  function humanSize(bytes) {
    var megabytes = bytes / (1024 * 1024);
    var format = function (value, digits) {
      return value.toLocaleString("en-US", {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    };
    if (megabytes >= 1) {
      return megabytes >= 10 ? format(megabytes, 0) + " MB" : format(megabytes, 1) + " MB";
    }
    return format(bytes / 1024, 0) + " KB";
  }

  // "1 minute 20 seconds", in the page's language.
  function timeLeft(seconds, language) {
    seconds = Math.max(1, Math.round(seconds));
    var unit = function (value, name) {
      try {
        return new Intl.NumberFormat(language, {
          style: "unit",
          unit: name,
          unitDisplay: "long",
        }).format(value);
      } catch (error) {
        return value + " " + name + (value === 1 ? "" : "s");
      }
    };
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    if (hours) return unit(hours, "hour") + " " + unit(minutes, "minute");
    if (minutes) return unit(minutes, "minute") + (rest ? " " + unit(rest, "second") : "");
    return unit(rest, "second");
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function AudioUpload(root) {
    this.root = root;
    this.form = root.closest("form");
    this.input = root.querySelector("input[type=file]");
    this.status = root.querySelector("[data-audio-upload-status]");
    this.bar = root.querySelector("[data-audio-upload-bar]");
    this.message = root.querySelector("[data-audio-upload-message]");
    this.cancelButton = root.querySelector("[data-audio-upload-cancel]");
    this.errors = root.querySelector("[data-audio-upload-errors]");
    this.maxBytes = parseInt(root.dataset.maxBytes, 10);
    this.mode = root.dataset.mode;
    this.language = document.documentElement.lang || undefined;
    this.busy = false;
    this.cancelled = false;
    this.requests = [];
    this.lastAnnounced = -1;

    this.input.addEventListener("change", this.checkChosenFile.bind(this));
    this.form.addEventListener("submit", this.onSubmit.bind(this));
    this.cancelButton.addEventListener("click", this.cancel.bind(this));
  }

  AudioUpload.prototype.text = function (key, values) {
    return interpolate(this.root.getAttribute("data-text-" + key), values || {});
  };

  AudioUpload.prototype.chosenFile = function () {
    return this.input.files && this.input.files.length ? this.input.files[0] : null;
  };

  AudioUpload.prototype.tooLarge = function (file) {
    return this.maxBytes && file.size > this.maxBytes;
  };

  AudioUpload.prototype.checkChosenFile = function () {
    this.showErrors([]);
    var file = this.chosenFile();
    if (file && this.tooLarge(file)) {
      this.showErrors([this.text("too-large", { size: humanSize(file.size) })]);
    }
  };

  AudioUpload.prototype.showErrors = function (messages) {
    this.errors.textContent = "";
    messages.forEach(function (text) {
      var line = document.createElement("p");
      line.textContent = text;
      this.errors.appendChild(line);
    }, this);
  };

  AudioUpload.prototype.showMessage = function (text) {
    this.message.textContent = text;
  };

  AudioUpload.prototype.onSubmit = function (event) {
    var file = this.chosenFile();
    if (!file) return; // nothing to upload (an edit that keeps the recording): a normal post
    event.preventDefault();
    if (this.busy) return;
    this.submitter = event.submitter || null;
    if (this.tooLarge(file)) {
      this.showErrors([this.text("too-large", { size: humanSize(file.size) })]);
      this.resetSaveButton();
      return;
    }
    this.start(file);
  };

  AudioUpload.prototype.start = function (file) {
    this.busy = true;
    this.cancelled = false;
    this.showErrors([]);
    this.status.hidden = false;
    this.cancelButton.hidden = false;
    this.bar.value = 0;
    this.lastAnnounced = -1;
    this.showMessage(this.text("starting"));
    this.startedAt = performance.now();
    this.total = file.size;
    var upload = this;
    if (this.mode === "s3") {
      this.uploadToS3(file)
        .then(function (token) {
          return upload.sendForm(token);
        })
        .catch(this.failed.bind(this));
    } else {
      this.sendForm(null).catch(this.failed.bind(this));
    }
  };

  AudioUpload.prototype.reportProgress = function (sent) {
    var fraction = this.total ? Math.min(1, sent / this.total) : 1;
    var percent = Math.floor(fraction * 100);
    var elapsed = (performance.now() - this.startedAt) / 1000;
    this.bar.value = percent;
    var remaining = sent > 0 ? (elapsed * (this.total - sent)) / sent : 0;
    var text = this.text("progress", { percent: percent, time: timeLeft(remaining, this.language) });
    // Screen readers hear every tenth percent, not every event.
    if (Math.floor(percent / 10) !== this.lastAnnounced || percent === 100) {
      this.lastAnnounced = Math.floor(percent / 10);
      this.showMessage(text);
    } else {
      this.message.textContent = text;
    }
    this.root.dispatchEvent(
      new CustomEvent("audio-upload:progress", {
        bubbles: true,
        detail: { percent: percent, sent: sent, total: this.total },
      }),
    );
  };

  // XHR (not fetch): only XHR reports upload progress in every browser.
  AudioUpload.prototype.request = function (method, url, options) {
    var upload = this;
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      Object.keys(options.headers || {}).forEach(function (name) {
        xhr.setRequestHeader(name, options.headers[name]);
      });
      if (options.onProgress) {
        xhr.upload.addEventListener("progress", function (event) {
          options.onProgress(event.loaded);
        });
      }
      xhr.addEventListener("load", function () {
        upload.forget(xhr);
        resolve(xhr);
      });
      xhr.addEventListener("error", function () {
        upload.forget(xhr);
        reject(new Error("network"));
      });
      xhr.addEventListener("abort", function () {
        upload.forget(xhr);
        reject(new Error("aborted"));
      });
      upload.requests.push(xhr);
      xhr.send(options.body === undefined ? null : options.body);
    });
  };

  AudioUpload.prototype.forget = function (xhr) {
    this.requests = this.requests.filter(function (other) {
      return other !== xhr;
    });
  };

  AudioUpload.prototype.formData = function (token) {
    var data = this.submitter ? new FormData(this.form, this.submitter) : new FormData(this.form);
    if (token) {
      data.delete(this.input.name);
      data.set("pending_upload", token);
    }
    return data;
  };

  AudioUpload.prototype.sendForm = function (token) {
    var upload = this;
    var options = {
      headers: { "X-Audio-Upload": "1" },
      body: this.formData(token),
    };
    if (!token) {
      options.onProgress = function (loaded) {
        upload.reportProgress(loaded);
        if (upload.total && loaded >= upload.total) upload.showMessage(upload.text("checking"));
      };
    } else {
      this.showMessage(this.text("checking"));
      this.cancelButton.hidden = true; // the file is in the bucket: only the check is left
    }
    return this.request("POST", this.form.action, options).then(function (xhr) {
      var answer = null;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch (error) {
        throw new Error("answer");
      }
      if (answer.ok) {
        upload.finished = true;
        window.location.assign(answer.redirect);
        return;
      }
      upload.token = null; // the server has checked (and deleted) the uploaded object
      upload.rejected(answer.errors || []);
    });
  };

  AudioUpload.prototype.rejected = function (errors) {
    this.stop();
    this.showErrors(
      errors.map(function (error) {
        return error.label ? error.label + ": " + error.message : error.message;
      }),
    );
  };

  AudioUpload.prototype.failed = function (error) {
    if (this.cancelled) return;
    if (this.mode === "s3") this.abortMultipart();
    this.stop();
    this.showErrors([error && error.refusal ? error.refusal : this.text("failed")]);
    if (window.console) console.warn("Audio upload failed:", error);
  };

  AudioUpload.prototype.cancel = function () {
    if (!this.busy) return;
    this.cancelled = true;
    this.requests.slice().forEach(function (xhr) {
      xhr.abort();
    });
    var done = this.mode === "s3" ? this.abortMultipart() : Promise.resolve();
    var upload = this;
    done.finally(function () {
      upload.stop();
      upload.showMessage(upload.text("cancelled"));
      upload.status.hidden = false;
      upload.bar.hidden = true;
      upload.cancelButton.hidden = true;
      upload.root.dispatchEvent(new CustomEvent("audio-upload:cancelled", { bubbles: true }));
    });
  };

  AudioUpload.prototype.stop = function () {
    this.busy = false;
    this.status.hidden = true;
    this.bar.hidden = false;
    this.resetSaveButton();
  };

  // The admin's Save button shows a spinner until the page changes; put it back, and the
  // leave-page warning Wagtail turned off on submit.
  // (Its spinner starts in a timeout after the click, so it is stopped again after that.)
  AudioUpload.prototype.resetSaveButton = function () {
    var buttons = this.form.querySelectorAll('[data-controller~="w-progress"]');
    var reset = function () {
      buttons.forEach(function (button) {
        button.setAttribute("data-w-progress-loading-value", "false");
      });
    };
    reset();
    window.setTimeout(reset, 20);
    if (this.form.hasAttribute("data-w-unsaved-confirmation-value")) {
      this.form.setAttribute("data-w-unsaved-confirmation-value", "true");
    }
  };

  // --- Straight to S3 -------------------------------------------------------------------

  AudioUpload.prototype.postJSON = function (action, data) {
    return this.request("POST", this.root.getAttribute("data-url-" + action), {
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(this.form) },
      body: JSON.stringify(data),
    }).then(function (xhr) {
      var answer = {};
      try {
        answer = JSON.parse(xhr.responseText);
      } catch (error) {
        answer = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) return answer;
      var error = new Error(answer.error || "server " + xhr.status);
      error.refusal = answer.error;
      throw error;
    });
  };

  AudioUpload.prototype.uploadToS3 = function (file) {
    var upload = this;
    this.token = null;
    return this.postJSON("initiate", { name: file.name, size: file.size, type: file.type })
      .then(function (started) {
        upload.token = started.token;
        return upload.sendParts(file, started.part_size, started.part_count);
      })
      .then(function () {
        return upload.postJSON("complete", { token: upload.token });
      })
      .then(function () {
        return upload.token;
      });
  };

  // Parts go PARALLEL_PARTS at a time; a part that fails is sent again (after the browser is
  // back online, with a growing pause), with a fresh URL, up to MAX_PART_ATTEMPTS times.
  AudioUpload.prototype.sendParts = function (file, partSize, count) {
    var upload = this;
    this.partLoaded = {};
    this.urlPromises = {};
    this.partCount = count;
    return new Promise(function (resolve, reject) {
      var next = 1;
      var active = 0;
      var finished = 0;
      var stopped = false;
      function launch() {
        while (!stopped && !upload.cancelled && active < PARALLEL_PARTS && next <= count) {
          var number = next++;
          active++;
          upload.sendPart(file, number, partSize, 1).then(
            function () {
              active--;
              finished++;
              if (finished === count) resolve();
              else launch();
            },
            function (error) {
              stopped = true;
              reject(error);
            },
          );
        }
      }
      launch();
    });
  };

  AudioUpload.prototype.sendPart = function (file, number, partSize, attempt) {
    var upload = this;
    var start = (number - 1) * partSize;
    var blob = file.slice(start, Math.min(start + partSize, file.size));
    return this.partUrl(number)
      .then(function (url) {
        return upload.request("PUT", url, {
          body: blob,
          onProgress: function (loaded) {
            upload.partLoaded[number] = loaded;
            upload.reportPartsProgress();
          },
        });
      })
      .then(function (xhr) {
        if (xhr.status < 200 || xhr.status >= 300) throw new Error("part " + xhr.status);
        upload.partLoaded[number] = blob.size;
        upload.reportPartsProgress();
      })
      .catch(function (error) {
        if (upload.cancelled || error.message === "aborted" || error.refusal) throw error;
        if (attempt >= MAX_PART_ATTEMPTS) throw error;
        upload.partLoaded[number] = 0;
        delete upload.urlPromises[number]; // it may have expired
        upload.showMessage(upload.text("retrying"));
        upload.root.dispatchEvent(
          new CustomEvent("audio-upload:retry", { bubbles: true, detail: { part: number } }),
        );
        return upload.whenOnline().then(function () {
          return upload.sendPart(file, number, partSize, attempt + 1);
        });
      });
  };

  AudioUpload.prototype.whenOnline = function () {
    var pause = 1000;
    return new Promise(function (resolve) {
      if (navigator.onLine !== false) {
        window.setTimeout(resolve, pause);
        return;
      }
      window.addEventListener(
        "online",
        function () {
          window.setTimeout(resolve, pause);
        },
        { once: true },
      );
    });
  };

  // Part URLs are signed SIGN_BATCH at a time, as they are needed (they expire).
  AudioUpload.prototype.partUrl = function (number) {
    if (!this.urlPromises[number]) {
      var numbers = [];
      for (var n = number; n <= this.partCount && numbers.length < SIGN_BATCH; n++) {
        if (!this.urlPromises[n] || n === number) numbers.push(n);
      }
      var batch = this.postJSON("sign", { token: this.token, parts: numbers });
      numbers.forEach(function (n) {
        this.urlPromises[n] = batch.then(function (answer) {
          return answer.urls[String(n)];
        });
      }, this);
    }
    return this.urlPromises[number];
  };

  AudioUpload.prototype.reportPartsProgress = function () {
    var sent = 0;
    for (var number in this.partLoaded) sent += this.partLoaded[number];
    this.reportProgress(sent);
  };

  AudioUpload.prototype.abortMultipart = function () {
    if (!this.token) return Promise.resolve();
    var token = this.token;
    this.token = null;
    return this.postJSON("abort", { token: token }).catch(function () {
      // Left for the daily clean-up (and the bucket's lifecycle rule).
    });
  };

  window.HeartAndSoulAudioUpload = AudioUpload;

  function init() {
    document.querySelectorAll("[data-audio-upload]").forEach(function (root) {
      if (!root.audioUpload) root.audioUpload = new AudioUpload(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
