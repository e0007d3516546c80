"""The public list search form (GET)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.platform.registry import labels
from greenmfg.platform.registry.models import Listing
from greenmfg.platform.registry.selectors import ListingFilters


class ListingSearchForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=100)
    uscc = forms.CharField(label=_("Credit code"), required=False, max_length=18)
    province = forms.ChoiceField(label=_("Province"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    kind = forms.ChoiceField(
        label=_("Carrier type"),
        required=False,
        choices=[("", _("All carrier types")), *Listing.Kind.choices],
    )
    level = forms.ChoiceField(
        label=_("List level"),
        required=False,
        choices=[("", _("All levels")), *Listing.Level.choices],
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(
        self, *args: Any, years: list[int], region_prefix: str = "", **kwargs: Any
    ) -> None:
        """``region_prefix`` narrows the province and city choices to a scoped region."""
        super().__init__(*args, **kwargs)
        provinces = [
            (code, name)
            for code, name in labels.province_choices()
            if code.startswith(region_prefix[:2])
        ]
        # The cities offered follow the chosen province (and the scoped region).
        chosen = str(self.data.get("province") or "") if self.is_bound else ""
        city_prefix = region_prefix
        if chosen[:2].isdigit() and chosen.startswith(region_prefix[:2]):
            city_prefix = region_prefix if len(region_prefix) > 2 else chosen[:2]
        cities = [
            (group, [(code, name) for code, name in options if code.startswith(city_prefix)])
            for group, options in labels.city_choices()
        ]
        choices: dict[str, list[Any]] = {
            "province": [("", _("All provinces")), *provinces],
            "city": [("", _("All cities")), *((g, o) for g, o in cities if o)],
            "industry": [("", _("All industries")), *labels.industry_choices()],
            "year": [("", _("All years")), *((y, str(y)) for y in years)],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = f"{css} {css}-sm"
            if name in ("name", "uscc"):
                field.widget.input_type = "search"

    def clean_uscc(self) -> str:
        return str(self.cleaned_data.get("uscc") or "").strip().upper()

    def filters(self) -> ListingFilters:
        """The criteria of a valid form (invalid fields are ignored, never guessed)."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()  # fields that fail validation are left out of cleaned_data
            data = dict(self.cleaned_data)
        city = data.get("city") or ""
        province = data.get("province") or ""
        if city and province and city[:2] != province[:2]:
            self.add_error("city", _("This city is not in the chosen province."))
            city = ""
        return ListingFilters(
            name=(data.get("name") or "").strip(),
            uscc=data.get("uscc") or "",
            province=province,
            city=city,
            industry=data.get("industry") or "",
            kind=data.get("kind") or "",
            level=data.get("level") or "",
            year=data.get("year"),
        )
