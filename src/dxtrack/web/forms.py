"""Query-string forms: they validate what the pages' filters and search boxes send."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dxtrack.agencies.models import Agency


class AgencyFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        choices=[("", _("Tất cả các loại")), *Agency.Kind.choices],
        required=False,
    )
    q = forms.CharField(label=_("Tên đơn vị"), max_length=200, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm nhiệm vụ, chỉ tiêu"), max_length=200, required=False)
