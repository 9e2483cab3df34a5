"""The writer's forms: they offer only the levels and territories he may publish for, and refuse
any other (a crafted request included) with a French message."""

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from opuss.content import perms
from opuss.content.enums import ARTICLE_LEVELS, PARTNER_LEVELS
from opuss.content.models import Article, Partner
from opuss.content.validators import ATTACHMENT_KINDS, MAX_ATTACHMENT_BYTES, validate_attachment
from opuss.core import clock
from opuss.territories.levels import LEVEL_FIELD, TerritoryLevel
from opuss.territories.territorial import MISSING, TERRITORY_FIELDS

TERRITORY_LABELS = {
    "academy": "Académie (niveau Académique)",
    "department": "Département (niveau Départemental)",
    "district": "District (niveau District)",
    "association": "AS (niveau AS)",
}
LEVEL_REFUSED = "Vous ne pouvez pas publier à ce niveau."
TERRITORY_REFUSED = "Vous ne pouvez pas publier pour ce territoire : choisissez-en un de la liste."


class TerritoryFormMixin:
    """Level and territory fields limited to the writer's reach. `allowed_levels` is set by the
    form class; `reach` comes from the view (perms.reach_of(user))."""

    allowed_levels: tuple = ()

    def setup_territory(self, reach: perms.Reach, level_hint: str | None = None) -> None:
        self.reach = reach
        levels = perms.levels_for(reach, self.allowed_levels)
        level = self.fields["level"]
        level.choices = [("", "Choisir…")] + [(lvl, TerritoryLevel(lvl).label) for lvl in levels]
        level.error_messages["invalid_choice"] = LEVEL_REFUSED
        level.error_messages["required"] = "Choisissez le niveau."
        offered = {LEVEL_FIELD.get(lvl) for lvl in levels} - {None}
        for name in TERRITORY_FIELDS:
            if name not in offered:
                del self.fields[name]
                continue
            field = self.fields[name]
            level_of_field = next(lvl for lvl in levels if LEVEL_FIELD.get(lvl) == name)
            field.queryset = perms.territories_for(reach, level_of_field)
            field.label = TERRITORY_LABELS[name]
            field.empty_label = "Choisir…"
            field.error_messages["invalid_choice"] = TERRITORY_REFUSED
            if field.queryset.count() == 1 and not self.is_bound and not self.initial.get(name):
                self.initial[name] = field.queryset.get().pk
        if len(levels) == 1 and not self.initial.get("level"):
            self.initial["level"] = levels[0]
        if level_hint in levels and not self.is_bound:
            self.initial["level"] = level_hint

    def chosen_level(self) -> str | None:
        value = self["level"].value()
        return value if value in self.allowed_levels else None

    def territory_fields(self):
        """The territory fields to show: the chosen level's, or all offered before a choice."""
        level = self.chosen_level()
        names = [LEVEL_FIELD.get(level)] if level else list(TERRITORY_FIELDS)
        return [self[name] for name in names if name and name in self.fields]

    def clean_territory(self, cleaned: dict) -> None:
        level = cleaned.get("level")
        if not level:
            return
        wanted = LEVEL_FIELD.get(level)
        # The containing ones are filled from the chosen territory when the row is saved.
        for name in TERRITORY_FIELDS:
            if name != wanted:
                cleaned[name] = None
                setattr(self.instance, name, None)
        territory = cleaned.get(wanted) if wanted else None
        if wanted and territory is None:
            if wanted not in self.errors:
                self.add_error(wanted if wanted in self.fields else "level", MISSING[level])
            return
        if not perms.may_publish(self.reach, level, territory):
            self.add_error(wanted if wanted in self.fields else "level", TERRITORY_REFUSED)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once (Django's documented recipe); each one is checked."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [f for f in files if f]
        errors, cleaned = [], []
        for file in files:
            try:
                cleaned.append(super().clean(file, initial))
                validate_attachment(file)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ArticleForm(TerritoryFormMixin, forms.ModelForm):
    allowed_levels = ARTICLE_LEVELS

    files = MultipleFileField(
        label="Fichiers joints",
        required=False,
        help_text=f"Facultatif. Joignez {ATTACHMENT_KINDS} ; "
        f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} Mo au plus par fichier.",
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "summary",
            "level",
            *TERRITORY_FIELDS,
            "published_at",
            "body",
        ]
        widgets = {
            "published_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "body": forms.Textarea(attrs={"rows": 12}),
        }
        help_texts = {
            "summary": "Une phrase, facultative, sous le titre.",
            "body": "Texte simple : les retours à la ligne sont conservés, les adresses web "
            "deviennent des liens.",
            "published_at": "Une date à venir : l'article n'est visible qu'à partir de ce moment.",
        }

    def __init__(self, *args, reach: perms.Reach, level_hint: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_territory(reach, level_hint)
        if self.instance.pk is None and not self.is_bound and not self.initial.get("published_at"):
            self.initial["published_at"] = timezone.localtime(clock.now()).replace(
                second=0, microsecond=0
            )
        if self.instance.pk is not None and self.instance.attachments.exists():
            self.fields["remove"] = forms.ModelMultipleChoiceField(
                label="Retirer des fichiers joints",
                queryset=self.instance.attachments.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def clean(self):
        cleaned = super().clean()
        self.clean_territory(cleaned)
        return cleaned


class PartnerForm(TerritoryFormMixin, forms.ModelForm):
    allowed_levels = PARTNER_LEVELS

    clear_logo = forms.BooleanField(label="Retirer le logo", required=False)
    website = forms.URLField(
        label="Site internet", required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Partner
        fields = ["name", "description", "website", "logo", "level", *TERRITORY_FIELDS]
        # A plain file input: the stored logo is shown through its checked view, not a media URL.
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "logo": forms.FileInput}
        help_texts = {"logo": "Facultatif : une image JPEG, PNG, GIF ou WebP, 2 Mo au plus."}

    def __init__(self, *args, reach: perms.Reach, level_hint: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_territory(reach, level_hint)

    def clean(self):
        cleaned = super().clean()
        self.clean_territory(cleaned)
        if cleaned.get("clear_logo") and "logo" not in self.files:
            cleaned["logo"] = False  # what ClearableFileInput answers to empty the field
        return cleaned


def label_from(file) -> str:
    """An attachment's label from its file name: "Résultats cross.pdf" → "Résultats cross"."""
    return PurePath(file.name).stem[:200]
