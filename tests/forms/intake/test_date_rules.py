"""A "before another date" rule can be set on either field, in any step of the declaration."""

from datetime import date

from forms.intake.blocks import DeclarationBlock
from forms.intake.steps import declaration_date_rules, declaration_field_labels, declaration_form_class
from tests.forms import factories as f


def _step(title: str, *fields) -> dict:
    return {
        "type": "step",
        "value": {"title": title, "intro": "", "fields": [{"type": "date", "value": v} for v in fields]},
    }


def declaration_steps():
    """Mother first, child second: the rule "mother born before the child" sits on the earlier field."""
    block = DeclarationBlock()
    mother = f.field("date", "Ngày, tháng, năm sinh", key="mother_birth_date", before_field="child_birth_date")[1]
    child = f.field("date", "Ngày, tháng, năm sinh", key="child_birth_date")[1]
    value = block.clean(block.to_python([_step("Người mẹ", mother), _step("Người được khai sinh", child)]))
    return [(f"khai-{index + 1}", step.value) for index, step in enumerate(value)]


def two_steps():
    steps = declaration_steps()
    labels, rules = declaration_field_labels(steps), declaration_date_rules(steps)
    return [declaration_form_class(value, field_labels=labels, date_rules=rules) for _name, value in steps]


def test_rules_of_the_whole_declaration_are_collected():
    assert declaration_date_rules(declaration_steps()) == [("mother_birth_date", "child_birth_date")]


def test_the_later_step_refuses_a_date_before_the_earlier_field_that_holds_the_rule():
    _mother_step, child_step = two_steps()
    prior = {"mother_birth_date": date(1996, 3, 13)}

    refused = child_step(data={"child_birth_date": "1990-01-01"}, prior_answers=prior)

    assert refused.errors == {
        "child_birth_date": [
            "Ngày này phải sau ngày đã khai ở mục “Ngày, tháng, năm sinh” của bước “Người mẹ” (13/03/1996)."
        ]
    }
    assert child_step(data={"child_birth_date": "2026-03-12"}, prior_answers=prior).is_valid()


def test_the_earlier_step_alone_cannot_check_a_date_not_yet_entered():
    mother_step, _child_step = two_steps()

    assert mother_step(data={"mother_birth_date": "2030-01-01"}, prior_answers={}).is_valid()
