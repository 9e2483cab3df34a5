from django import forms

from opuss.register import services
from opuss.register.enums import EventKind
from opuss.sport.models import Activity

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="Type", choices=EventKind.choices)
    title = forms.CharField(label="Intitulé", max_length=150)
    date = forms.DateField(label="Date", widget=DATE_WIDGET)
    end_date = forms.DateField(
        label="Jusqu'au",
        required=False,
        widget=DATE_WIDGET,
        help_text="Pour un événement sur plusieurs jours, facultatif.",
    )
    start_time = forms.TimeField(label="Heure de début", required=False, widget=TIME_WIDGET)
    end_time = forms.TimeField(label="Heure de fin", required=False, widget=TIME_WIDGET)
    place = forms.CharField(label="Lieu", max_length=200, required=False)
    activity = forms.ModelChoiceField(
        label="Activité",
        queryset=Activity.objects.all(),
        required=False,
        empty_label="— Aucune —",
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self):
        data = super().clean()
        for field, message in services.event_errors(data).items():
            self.add_error(field, message)
        return data


def initial_of(event) -> dict:
    return {name: getattr(event, name) for name in services.FIELDS}
