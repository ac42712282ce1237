from decimal import Decimal

from django import forms
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.template import loader
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from .formatting import format_amount, format_input_amount
from .money import AmountError, parse_amount
from .text import reject_control_characters

PK_LIMIT = 2**63 - 1  # the largest key a database column holds


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but a posted key too large for the database is an invalid choice, not a 500.

    Django's own field checks each key with a query inside ``try/except (ValueError, TypeError)``;
    SQLite raises OverflowError for integers beyond 64 bits. Use this class for every multiple choice
    of model objects (``tests/test_fuzz.py`` posts such keys to every form)."""

    def _check_values(self, value):
        for pk in value or ():
            try:
                too_large = abs(int(str(pk).strip())) > PK_LIMIT
            except (TypeError, ValueError):
                continue  # not a number: Django's own check answers "invalid value"
            if too_large:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


def posted_id(value) -> int | None:
    """A key posted by a form or a link (``request.POST.get("posting")``): an integer the database can hold,
    or None for anything else (empty, text, "²", beyond 64 bits), so a lookup with it finds nothing (404)
    instead of raising ValueError or OverflowError (a 500)."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= PK_LIMIT else None


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
                # What format_html('<option value="{}"{}>{}</option>', ...) gives, without its overhead per option.
                rows.append(
                    f'<option value="{conditional_escape(subvalue)}"{" selected" if selected else ""}>'
                    f"{conditional_escape(sublabel)}</option>"
                )
        options = mark_safe("".join(rows))  # noqa: S308 - every value and label escaped above
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class _ValuesChoiceIterator(ModelChoiceIterator):
    """The options as (pk, label) read with ``values_list``: one plain query, no model instance per
    option and no server-side cursor (Django's iterator declares, fetches and closes one)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.queryset.values_list("pk", *self.field.label_fields):
            yield (row[0], self.field.label_from_values(row[1:]))


class ValuesModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` for filter forms with many options (officers, parties): the options are
    read as values (``label_fields``, turned into the label by ``label_from_values``) and written by
    ``FastSelect``; choosing and validating stay Django's (the queryset decides what is valid). The
    label must be what ``label_from_instance`` would give: the subclasses' tests compare the two."""

    iterator = _ValuesChoiceIterator
    widget = FastSelect
    label_fields: tuple[str, ...] = ()

    def label_from_values(self, values: tuple) -> str:
        return str(values[0])


class UserChoiceField(ValuesModelChoiceField):
    """Users labelled as ``str(user)``: the full name, or the user name without one."""

    label_fields = ("first_name", "last_name", "username")

    def label_from_values(self, values: tuple) -> str:
        first, last, username = values
        return f"{first} {last}".strip() or username


class PartyChoiceField(ValuesModelChoiceField):
    """Parties labelled by name (``str(party)``)."""

    label_fields = ("name",)


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


# --- Amounts as Swedes type them, and a second look at large changes ---------------------------------
class AmountInput(forms.TextInput):
    """A text field for kronor (never type=number: a browser may read "950 000,00" as 95 000 000 or
    drop it). Shows a saved amount as "950 000,00"; what the user typed is shown back as typed."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float):
            return format_input_amount(value)
        return super().format_value(value)


class AmountField(forms.DecimalField):
    """Kronor with öre, read by ``common.money.parse_amount``: "950 000", "950 000,00", "950000.00",
    "950 000 kr" and "1 234,5" are accepted; "1,234" or "95 00 000" are refused with a message that
    shows how the text was read."""

    widget = AmountInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_amount(str(value))
        except AmountError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def widget_attrs(self, widget):
        return {}  # no step/min/max: those belong to type=number


class ConfirmAmountsField(forms.MultipleChoiceField):
    """One checkbox per amount that asks for a second look. Its value names the amount exactly, so a
    tick given to 95 000 does not confirm 950 000 typed afterwards (a stale tick is simply ignored)."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value):
        return True


class AmountConfirmationMixin:
    """Before an amount is saved, a large change asks first: "Menade du 950 000 kr?".

    An amount needs a confirmation when it is at least ``confirm_factor`` times its previous value, or at
    most a ``confirm_factor``:th of it (a slipped zero or a decimal point in the wrong place), and for the
    fields in ``confirm_always`` whenever they change. The previous value is the field's initial value
    (what is saved now) or, for a new record, ``previous`` (e.g. last year's budget). The form then shows
    the amounts as read, each with a checkbox; saving again with the boxes ticked confirms them. No
    JavaScript; nothing typed is lost."""

    confirm_factor = 10
    confirm_always: tuple[str, ...] = ()
    CONFIRM = "confirm_amounts"

    def __init__(self, *args, previous: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous_amounts = previous or {}
        self.amounts_to_confirm: list[tuple[str, Decimal, Decimal | None, str]] = []

    def full_clean(self):
        # Here, not in __init__: forms add amount fields in their own __init__, after this mixin's.
        if self.is_bound and self.CONFIRM not in self.fields:
            self._ask_for_confirmation()
        super().full_clean()

    def _ask_for_confirmation(self) -> None:
        for name, field in list(self.fields.items()):
            if not isinstance(field, AmountField):
                continue
            try:
                value = field.clean(field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name)))
            except ValidationError:
                continue  # the field shows its own error
            before = self._previous(name)
            reason = self._reason(name, value, before)
            if reason:
                self.amounts_to_confirm.append((name, value, before, reason))
        if self.amounts_to_confirm:
            self.fields[self.CONFIRM] = ConfirmAmountsField(
                label="Kontrollera beloppen",
                required=False,
                choices=[
                    (f"{name}={value}", f"Ja, {self._label(name)} ska vara {format_amount(value)} kr")
                    for name, value, _before, _reason in self.amounts_to_confirm
                ],
                help_text="Beloppen står som de lästes. Kryssa i de som stämmer och spara igen, eller ändra dem.",
            )

    def _previous(self, name):
        before = self.initial.get(name, self.fields[name].initial)
        if before in (None, ""):
            before = self.previous_amounts.get(name)
        return None if before in (None, "") else Decimal(before)

    def _label(self, name) -> str:
        label = str(self.fields[name].label or name).replace(" (kr)", "")
        return label[:1].lower() + label[1:] if label[1:2].islower() else label

    def _reason(self, name, value, before) -> str:
        if value is None or value == before:
            return ""
        if before and value and (abs(value) >= abs(before) * self.confirm_factor):
            return f"Det är {abs(value / before):.0f} gånger så mycket som förut ({format_amount(before)} kr)."
        if before and (not value or abs(value) * self.confirm_factor <= abs(before)):
            return f"Det är mycket mindre än förut ({format_amount(before)} kr)."
        if name in self.confirm_always:
            if before is None:
                return "Kontrollera beloppet innan det sparas."
            return f"Förut: {format_amount(before)} kr."
        return ""

    def clean(self):
        cleaned = super().clean()
        confirmed = set(cleaned.get(self.CONFIRM) or [])
        for name, value, _before, reason in self.amounts_to_confirm:
            if f"{name}={value}" not in confirmed and name not in self.errors:
                message = f"Menade du {format_amount(value)} kr? {reason} Bekräfta under ”Kontrollera beloppen”."
                self.add_error(name, message)
        return cleaned
