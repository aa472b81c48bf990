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

  // Autosave: what is typed is posted (without files) a moment after the citizen stops typing,
  // and when the page is hidden; the server keeps it in the draft and says when.
  function autosave(form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null;
    var dirty = false;

    function send(useBeacon) {
      if (!dirty) {
        return;
      }
      dirty = false;
      var data = new FormData(form);
      Array.from(data.keys()).forEach(function (key) {
        if (data.get(key) instanceof File) {
          data.delete(key);
        }
      });
      data.delete("wizard_goto_step");
      data.set("autosave", "1");
      if (useBeacon && navigator.sendBeacon) {
        navigator.sendBeacon(form.action || window.location.href, data);
        return;
      }
      fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" }
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (result) {
          if (!result || !result.saved) {
            return;
          }
          if (status) {
            status.textContent = result.message;
          }
          var resume = document.querySelector("[data-resume]");
          if (resume && result.resume_url) {
            resume.hidden = false;
            var link = resume.querySelector("[data-resume-link]");
            link.href = result.resume_url;
            link.textContent = result.resume_url;
            resume.querySelector("[data-resume-ready]").hidden = false;
            var pending = resume.querySelector("[data-resume-pending]");
            if (pending) {
              pending.hidden = true;
            }
          }
        })
        .catch(function () { dirty = true; });
    }

    function changed(event) {
      if (event.target && event.target.type === "file") {
        return;
      }
      dirty = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(send, 1500);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      dirty = false;
      window.clearTimeout(timer);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        send(true);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusStart();
    document.querySelectorAll("[data-address-widget]").forEach(refreshCommunes);
    var form = document.querySelector("[data-wizard]");
    if (form) {
      applyConditions(form);
      form.addEventListener("change", function () { applyConditions(form); });
      autosave(form);
    }
  });
})();
