// Suggestions for the header search box: titles and topics, from /<lang>/search/suggest/.
// Without JavaScript the box is a plain search form; with it, a <datalist> offers matches.
(function () {
  "use strict";
  document.querySelectorAll("[data-site-search]").forEach(function (form) {
    var input = form.querySelector('input[name="q"]');
    var list = form.querySelector("datalist");
    var url = form.dataset.suggestUrl;
    var timer = null;
    var links = {};
    if (!input || !list || !url) { return; }
    input.setAttribute("list", list.id);

    function fill(suggestions) {
      list.textContent = "";
      links = {};
      suggestions.forEach(function (suggestion) {
        var option = document.createElement("option");
        option.value = suggestion.label;
        list.appendChild(option);
        if (!(suggestion.label in links)) { links[suggestion.label] = suggestion.url; }
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) { fill([]); return; }
      if (links[input.value]) {
        // A suggestion was picked: go straight to it.
        window.location.href = links[input.value];
        return;
      }
      timer = setTimeout(function () {
        fetch(url + "?" + new URLSearchParams({ q: text }), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) { fill(data.suggestions || []); })
          .catch(function () { /* the plain search still works */ });
      }, 150);
    });
  });
})();
