// Narrows a list of checkboxes to the names that contain what the editor types, with or without
// diacritics ("uy ban" finds "Ủy ban"), and keeps the count of chosen items up to date.
(() => {
  const fold = (text) =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase();

  class SearchableChoices extends window.StimulusModule.Controller {
    static targets = ['query', 'item', 'count', 'empty'];

    filter() {
      const query = fold(this.queryTarget.value.trim());
      let shown = 0;
      this.itemTargets.forEach((item) => {
        const match = !query || fold(item.textContent).includes(query);
        item.hidden = !match;
        if (match) shown += 1;
      });
      this.emptyTarget.hidden = shown > 0;
    }

    keep(event) {
      // Enter in the search box must not submit the page form.
      event.preventDefault();
    }

    count() {
      const chosen = this.element.querySelectorAll('input[type=checkbox]:checked').length;
      this.countTarget.textContent = `Đã chọn ${chosen}`;
    }
  }

  window.wagtail.app.register('searchable-choices', SearchableChoices);
})();
