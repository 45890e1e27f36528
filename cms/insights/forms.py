import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

DEFAULT_DAYS = 90
# Longer ranges read more rows than the pages are built for; a year or two is the use.
MAX_DAYS = 800


class FilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    locale = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, default_start=None, default_end=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].choices = [("", _("All languages"))] + [
            (locale.language_code, locale.get_display_name())
            for locale in Locale.objects.order_by("pk")
        ]
        # Counts exist up to yesterday: today's are rolled up tonight.
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        self.default_end = min(default_end or yesterday, yesterday)
        self.default_start = default_start or self.default_end - datetime.timedelta(
            days=DEFAULT_DAYS - 1
        )

    def clean(self):
        data = super().clean()
        start = data.get("start") or self.default_start
        end = data.get("end") or self.default_end
        if start > end:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(_("Choose at most %(days)s days.") % {"days": MAX_DAYS})
        data["start"], data["end"] = start, end
        return data

    def filters(self):
        """The filters to apply: the valid ones, or the defaults when the input is not valid."""
        from .sections import Filters

        if self.is_valid():
            code = self.cleaned_data.get("locale")
            locale = Locale.objects.filter(language_code=code).first() if code else None
            return Filters(self.cleaned_data["start"], self.cleaned_data["end"], locale)
        return Filters(self.default_start, self.default_end, None)
