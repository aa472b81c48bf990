// Submission wizard: focus on the step heading (or the error summary), show/hide conditional
// fields, and refresh the commune list when the province changes. The form works without it.
(function () {
  "use strict";

  function focusStart() {
    var target = document.querySelector("[data-error-summary]") || document.querySelector("[data-step-heading]");
    if (target) {
      target.focus();
    }
  }

  function currentValues(form, name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) {
        return;
      }
      values.push(input.value);
    });
    return values;
  }

  function applyConditions(form) {
    form.querySelectorAll("[data-show-when-field]").forEach(function (block) {
      var field = block.getAttribute("data-show-when-field");
      if (!field) {
        return; // depends on an earlier step: the server already decided
      }
      var shown = currentValues(form, field).indexOf(block.getAttribute("data-show-when-value")) !== -1;
      block.hidden = !shown;
    });
  }

  function refreshCommunes(widget) {
    var province = widget.querySelector('[data-address="province"]');
    var commune = widget.querySelector('[data-address="commune"]');
    if (!province || !commune) {
      return;
    }
    province.addEventListener("change", function () {
      commune.length = 1;
      if (!province.value) {
        return;
      }
      var url = widget.getAttribute("data-communes-url").replace("__province__", encodeURIComponent(province.value));
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          data.communes.forEach(function (item) {
            commune.add(new Option(item.name, item.code));
          });
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusStart();
    document.querySelectorAll("[data-address-widget]").forEach(refreshCommunes);
    var form = document.querySelector("[data-wizard]");
    if (form) {
      applyConditions(form);
      form.addEventListener("change", function () { applyConditions(form); });
    }
  });
})();
