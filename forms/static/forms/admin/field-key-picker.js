// Submission form editor: the "only show when field …" and "before the date of field …" boxes offer
// the fields of this form as a pick list (an HTML datalist), so editors choose a field by its label
// instead of typing its code. Keys follow forms.intake.blocks.fold_key when an editor left them empty.
(function () {
  "use strict";

  var LIST_ID = "declaration-field-keys";
  var PICKERS = 'input[name$="-condition_field"], input[name$="-before_field"]';

  function foldKey(label) {
    var text = (label || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    text = text.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
    if (!text || !/^[a-z]/.test(text)) {
      text = ("truong_" + text).replace(/_+$/, "");
    }
    return text.slice(0, 50);
  }

  function fields() {
    var found = [];
    document.querySelectorAll('input[name$="-value-label"]').forEach(function (labelInput) {
      var prefix = labelInput.name.slice(0, -"label".length);
      var keyInput = document.querySelector('input[name="' + prefix + 'key"]');
      if (!keyInput || !labelInput.value.trim()) {
        return; // headings have a label but no key: they cannot be a condition
      }
      found.push({ key: keyInput.value.trim() || foldKey(labelInput.value), label: labelInput.value.trim() });
    });
    return found;
  }

  function refresh(input) {
    var list = document.getElementById(LIST_ID);
    if (!list) {
      list = document.createElement("datalist");
      list.id = LIST_ID;
      document.body.appendChild(list);
    }
    list.textContent = "";
    fields().forEach(function (field) {
      if (input.name.indexOf(field.key) !== -1) {
        return;
      }
      var option = document.createElement("option");
      option.value = field.key;
      option.label = field.label;
      option.textContent = field.label;
      list.appendChild(option);
    });
    input.setAttribute("list", LIST_ID);
    input.setAttribute("autocomplete", "off");
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(PICKERS)) {
      refresh(event.target);
    }
  });
})();
