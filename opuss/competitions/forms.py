from django import forms
from django.utils import timezone

from opuss.competitions import perms, services
from opuss.competitions.enums import (
    COMPETITION_LEVEL_CHOICES,
    Attendance,
    CompetitionKind,
    CompetitionSex,
)
from opuss.competitions.selectors import category_labels
from opuss.sport.models import Activity
from opuss.territories.models import Academy, Department, District

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CompetitionForm(forms.Form):
    """Create or edit a competition; the levels and territories offered are the user's."""

    name = forms.CharField(label="Intitulé", max_length=150)
    activity = forms.ModelChoiceField(
        label="Activité", queryset=Activity.objects.all(), empty_label="— Choisir —"
    )
    categories = forms.MultipleChoiceField(
        label="Catégories",
        widget=forms.CheckboxSelectMultiple,
        help_text="Une ou plusieurs catégories d'âge de la saison.",
    )
    sex = forms.ChoiceField(label="Sexe", choices=CompetitionSex.choices)
    level = forms.ChoiceField(label="Niveau")
    district = forms.ModelChoiceField(
        label="District",
        queryset=District.objects.none(),
        required=False,
        empty_label="— Choisir —",
        help_text="Pour une compétition de district.",
    )
    department = forms.ModelChoiceField(
        label="Département",
        queryset=Department.objects.none(),
        required=False,
        empty_label="— Choisir —",
        help_text="Pour une compétition départementale.",
    )
    academy = forms.ModelChoiceField(
        label="Académie",
        queryset=Academy.objects.none(),
        required=False,
        empty_label="— Choisir —",
        help_text="Pour une compétition académique.",
    )
    date = forms.DateField(label="Date", widget=DATE_WIDGET)
    place = forms.CharField(label="Lieu", max_length=200)
    entry_deadline = forms.DateTimeField(
        label="Date limite d'inscription",
        widget=DATETIME_WIDGET,
        help_text="Jour et heure : les AS inscrivent leurs élèves jusque-là.",
    )
    kind = forms.ChoiceField(label="Type", choices=CompetitionKind.choices)
    team_min = forms.IntegerField(
        label="Équipiers au minimum",
        required=False,
        min_value=1,
        help_text="Par équipes seulement, facultatif.",
    )
    team_max = forms.IntegerField(
        label="Équipiers au maximum",
        required=False,
        min_value=1,
        help_text="Par équipes seulement, facultatif.",
    )

    def __init__(self, *args, user, season, competition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.competition = competition
        labels = category_labels(competition.season if competition else season)
        self.fields["categories"].choices = [(label, label) for label in labels]
        levels = perms.levels_for(user)
        self.fields["level"].choices = [
            (value, label) for value, label in COMPETITION_LEVEL_CHOICES if value in levels
        ]
        departments = Department.objects.for_user(user).select_related("academy")
        self.fields["department"].queryset = departments
        self.fields["district"].queryset = District.objects.filter(
            department__in=departments
        ).select_related("department")
        self.fields["academy"].queryset = Academy.objects.for_user(user)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        errors = services.competition_errors(
            actor=self.user, values=data, competition=self.competition
        )
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)
        return data


def initial_of(competition) -> dict:
    return {
        "name": competition.name,
        "activity": competition.activity,
        "categories": competition.category_labels,
        "sex": competition.sex,
        "level": competition.level,
        "district": competition.district,
        "department": competition.department,
        "academy": competition.academy,
        "date": competition.date,
        "place": competition.place,
        "entry_deadline": timezone.localtime(competition.entry_deadline),
        "kind": competition.kind,
        "team_min": competition.team_min,
        "team_max": competition.team_max,
    }


class LicenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, licence) -> str:
        return f"{licence.pupil} – {licence.category} ({licence.pupil.get_sex_display()})"


def pupils_field(licences) -> LicenceChoiceField:
    return LicenceChoiceField(
        label="Élèves",
        queryset=licences,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez au moins un élève.",
            "invalid_choice": "Cet élève ne peut pas être inscrit à cette compétition par "
            "votre AS.",
            "invalid_pk_value": "Cet élève ne peut pas être inscrit à cette compétition par "
            "votre AS.",
        },
    )


class EntriesForm(forms.Form):
    """Pupils of the AS entered one by one (individual competition)."""

    def __init__(self, *args, licences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licences"] = pupils_field(licences)


class TeamForm(forms.Form):
    name = forms.CharField(label="Nom de l'équipe", max_length=80)

    def __init__(self, *args, licences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licences"] = pupils_field(licences)
        self.fields["licences"].label = "Équipiers"


ATTENDANCE_CHOICES = [("", "Non saisie"), *Attendance.choices]


class ParticipationForm(forms.Form):
    """One participation and one rank per entry (or team): fields `attendance-<pk>` and
    `rank-<pk>`."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            self.fields[f"attendance-{row.pk}"] = forms.ChoiceField(
                label=f"Participation de {row}",
                choices=ATTENDANCE_CHOICES,
                required=False,
                initial=row.attendance,
                widget=forms.RadioSelect,
            )
            self.fields[f"rank-{row.pk}"] = forms.IntegerField(
                label=f"Classement de {row}",
                required=False,
                min_value=1,
                initial=row.rank,
            )

    def clean(self):
        data = super().clean()
        for row in self.rows:
            rank = data.get(f"rank-{row.pk}")
            if rank is not None and data.get(f"attendance-{row.pk}") != Attendance.PRESENT:
                self.add_error(f"rank-{row.pk}", "Un classement ne se donne qu'à un participant.")
        return data

    def lines(self):
        """Each row with its two bound fields, for the template."""
        return [
            {"row": row, "attendance": self[f"attendance-{row.pk}"], "rank": self[f"rank-{row.pk}"]}
            for row in self.rows
        ]

    def results(self) -> dict:
        return {
            row: services.Result(
                self.cleaned_data.get(f"attendance-{row.pk}") or "",
                self.cleaned_data.get(f"rank-{row.pk}"),
            )
            for row in self.rows
        }
