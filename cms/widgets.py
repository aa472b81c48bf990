"""Admin widgets of the cms app."""

from django import forms


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """A searchable list of checkboxes for picking several snippets (agencies, audiences).

    Replaces the multi-select that needs Ctrl-click through 99 lines: the editor types part of a
    name (with or without diacritics) to narrow the list, ticks what applies, and sees how many
    are chosen; chosen items come first. Without JavaScript it is a plain list of checkboxes.
    """

    template_name = "cms/widgets/searchable_checkbox_select.html"

    class Media:
        js = ["cms/js/searchable-choices.js"]
        css = {"all": ["cms/css/searchable-choices.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [
            option for _group, group_options, _index in context["widget"]["optgroups"] for option in group_options
        ]
        options.sort(key=lambda option: not option["selected"])
        context["widget"]["options"] = options
        context["widget"]["selected_count"] = sum(option["selected"] for option in options)
        return context
