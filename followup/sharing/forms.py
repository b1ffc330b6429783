from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from contracts.models import Buyer


class ShareForm(forms.Form):
    """A supplier user shares some of its items with one buyer of the installation."""

    buyer = forms.ModelChoiceField(
        label=_("Share with"),
        queryset=Buyer.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choose a buyer"),
        error_messages={"required": _("Choose a buyer."), "invalid_choice": _("Choose a buyer.")},
    )
    items = forms.MultipleChoiceField(
        label=_("What to share"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one item to share.")},
        help_text=_("The buyer's staff can read what you share until you withdraw it."),
    )

    def __init__(self, *args, buyers, assessment, cmrt, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = buyers
        self.fields["buyer"].widget.attrs["data-testid"] = "share-buyer"
        self.items = {}
        choices = []
        if assessment is not None:
            key = f"assessment:{assessment.public_id}"
            self.items[key] = ("assessment", assessment)
            choices.append(
                (
                    key,
                    _("Self-assessment “%(title)s”, accepted %(date)s (the reviewer's verdict is not shared)")
                    % {
                        "title": assessment.round.title,
                        "date": date_format(assessment.accepted_at, "SHORT_DATE_FORMAT"),
                    },
                )
            )
        if cmrt is not None:
            key = f"cmrt:{cmrt.public_id}"
            self.items[key] = ("cmrt", cmrt)
            choices.append(
                (
                    key,
                    _("CMRT %(version)s, uploaded %(date)s")
                    % {"version": cmrt.template_version, "date": date_format(cmrt.created_at, "SHORT_DATE_FORMAT")},
                )
            )
        for item in evidence:
            key = f"evidence:{item.public_id}"
            self.items[key] = ("evidence", item)
            choices.append(
                (key, _("Evidence: %(title)s (%(kind)s)") % {"title": item.title, "kind": item.get_kind_display()})
            )
        self.fields["items"].choices = choices

    def chosen(self):
        return [self.items[key] for key in self.cleaned_data["items"]]
