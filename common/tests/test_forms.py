from django import forms
from django.core.exceptions import ValidationError

from common.forms import apply_service_errors


class _Form(forms.Form):
    title = forms.CharField()
    joined_on = forms.DateField()


def _bound():
    form = _Form({"title": "Skriven text", "joined_on": "2020-01-01"})
    assert form.is_valid()
    return form


def test_error_for_a_field_of_the_form_lands_next_to_that_field():
    form = _bound()
    apply_service_errors(form, ValidationError({"title": "Titeln finns redan."}))
    assert form.errors == {"title": ["Titeln finns redan."]}
    assert form["title"].value() == "Skriven text"


def test_error_for_a_field_the_form_lacks_goes_to_the_top_instead_of_crashing():
    form = _bound()
    apply_service_errors(form, ValidationError({"term": "Mandatperioden hör till en annan nämnd."}))
    assert form.non_field_errors() == ["Mandatperioden hör till en annan nämnd."]


def test_field_map_renames_service_fields_and_params_are_interpolated():
    form = _bound()
    error = ValidationError("%(party)s är redan part.", params={"party": "Åre kommun"})
    apply_service_errors(form, ValidationError({"left_on": [error]}), field_map={"left_on": "joined_on"})
    assert form.errors == {"joined_on": ["Åre kommun är redan part."]}


def test_error_without_field_goes_to_the_top():
    form = _bound()
    apply_service_errors(form, ValidationError(["Fel ett.", "Fel två."]))
    assert form.non_field_errors() == ["Fel ett.", "Fel två."]
