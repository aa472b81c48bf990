/*
 * Autocomplete for any search field (progressive enhancement): every input carrying
 * data-autocomplete-url="/api/search/suggest" gets suggestions from that URL (?q=, JSON
 * {"suggestions": [{title, code, url}]}). A page may also name one field on the script tag:
 * <script src="…/autocomplete.js" data-autocomplete-for="field-id" data-autocomplete-url="…">.
 * Without this file the form still submits as a plain GET. ARIA 1.2 combobox: the input
 * controls a listbox (aria-expanded, aria-controls, aria-activedescendant), driven by the
 * keyboard (arrows, Enter, Escape). Text is set with textContent only; no inline styles (CSP).
 * Loading the file twice (header and page) enhances each field once.
 */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_CHARS = 2;
  var script = document.currentScript;
  var counter = 0;

  function enhance(input) {
    var url = input.getAttribute("data-autocomplete-url");
    if (!url || !window.fetch || input.hasAttribute("data-autocomplete-ready")) {
      return;
    }
    input.setAttribute("data-autocomplete-ready", "");
    counter += 1;
    var list = document.createElement("ul");
    var listId = "goi-y-" + (input.id || "tim-kiem") + "-" + counter;
    var timer = null;
    var active = -1;
    var items = [];
    var lastQuery = "";
    var controller = null;

    list.id = listId;
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Gợi ý thủ tục");
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function select(position) {
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === position ? "true" : "false");
      });
      active = position;
      if (position >= 0) {
        input.setAttribute("aria-activedescendant", items[position].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(position) {
      var url = items[position] && items[position].getAttribute("data-url");
      if (url) {
        window.location.assign(url);
      }
    }

    function render(suggestions) {
      list.textContent = "";
      items = suggestions.map(function (suggestion, i) {
        var item = document.createElement("li");
        var code = document.createElement("span");
        item.id = listId + "-" + i;
        item.className = "search-suggest__item";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-url", suggestion.url);
        item.appendChild(document.createTextNode(suggestion.title + " "));
        code.className = "search-suggest__code";
        code.textContent = suggestion.code;
        item.appendChild(code);
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          go(i);
        });
        list.appendChild(item);
        return item;
      });
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        select(-1);
      } else {
        close();
      }
    }

    function load() {
      var query = input.value.trim();
      if (query.length < MIN_CHARS) {
        lastQuery = query;
        close();
        return;
      }
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (input.value.trim() === query) {
            render(data.suggestions || []);
          }
        })
        .catch(function () {
          /* Network errors leave the plain form working. */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        select((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        select(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        go(active);
      } else if (event.key === "Escape") {
        event.preventDefault(); /* Chromium would also empty a type="search" field. */
        lastQuery = ""; /* typing on asks again, even for the same words */
        close();
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  }

  var named = script && document.getElementById(script.getAttribute("data-autocomplete-for") || "");
  if (named && !named.hasAttribute("data-autocomplete-url")) {
    named.setAttribute("data-autocomplete-url", script.getAttribute("data-autocomplete-url") || "");
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-autocomplete-url]"), enhance);
})();
