from django import forms
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.utils import flatatt
from django.template import loader
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .text import reject_control_characters


def apply_service_errors(form: forms.Form, exc: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on ``form``: each error next to its field when the form has that
    field (``field_map`` renames service fields to form fields), otherwise at the top of the form.
    The form stays bound, so nothing the user typed is lost."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            target = field_map.get(key, key)
            for message in ValidationError(errors).messages:
                form.add_error(target if target in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class FastSelect(forms.Select):
    """A <select> rendered in Python: Django's per-option widget templates cost ~0.6 ms per option,
    which dominated the case and invoice lists with many parties and officers, and so did building an option dict
    per choice (``get_context``): the choices are read once, straight into the HTML. Same HTML, same
    attributes, the same first-match selection as Django's ``optgroups`` (groups are flattened)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        values = set(self.format_value(value))
        rows, has_selected = [], False
        for option_value, option_label in self.choices:
            group = option_label if isinstance(option_label, (list, tuple)) else [(option_value, option_label)]
            for subvalue, sublabel in group:
                subvalue = "" if subvalue is None else subvalue
                selected = (not has_selected or self.allow_multiple_selected) and str(subvalue) in values
                has_selected |= selected
                rows.append((subvalue, mark_safe(" selected") if selected else "", sublabel))
        options = format_html_join("", '<option value="{}"{}>{}</option>', rows)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class CleanTextMixin:
    """Every text field of the form refuses control characters (``common.text``), with a Swedish
    message next to the field; nothing the user typed is lost."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and reject_control_characters not in field.validators:
                field.validators.append(reject_control_characters)


class AccessibilityReportForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label="Namn (frivilligt)", max_length=200, required=False)
    email = forms.EmailField(
        label="E-post (frivilligt)",
        required=False,
        help_text="Om du vill att vi svarar dig.",
        error_messages={"invalid": "Skriv e-postadressen i formen namn@exempel.se."},
    )
    page_url = forms.CharField(
        label="Sida där problemet finns",
        max_length=500,
        help_text="Adressen till sidan, eller beskriv var på webbplatsen den finns.",
        error_messages={"required": "Ange vilken sida problemet finns på."},
    )
    description = forms.CharField(
        label="Beskriv problemet",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Beskriv problemet så att vi kan åtgärda det."},
    )


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, but the e-mail goes through the outbox (kept in the mail log, retried when
    the mail server is down). The reset link is a secret: cut out of the log once sent, never shown."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from .outbox import outbox_mail_enqueue

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        with transaction.atomic():
            outbox_mail_enqueue(
                to=[to_email],
                subject=subject,
                body=body,
                context=f"losenord:{context['user'].pk}",
                secrets=[context["token"]],
            )
