from django import forms

from opuss.rules.enums import ContractChoice
from opuss.rules.fees import MAX_HEADCOUNT, FeeInput
from opuss.rules.season import available_seasons
from opuss.seasons.models import Season
from opuss.territories.enums import EstablishmentType

CONTRACT_CHOICES = [
    (ContractChoice.AUTO.value, "Le plus favorable auquel l'AS a droit"),
    (ContractChoice.PERSONALISED.value, "Contrat personnalisé (« normal » en 2011-2012)"),
    (ContractChoice.ACCOMPANIED.value, "Contrat accompagné (choisi par l'AS qui y a droit)"),
]


def default_season() -> str:
    current = Season.objects.current_or_none()
    seasons = available_seasons()
    return current.label if current and current.label in seasons else seasons[-1]


class FeeSimulatorForm(forms.Form):
    season = forms.ChoiceField(label="Saison", required=False)
    establishment_type = forms.ChoiceField(
        label="Type d'établissement", choices=EstablishmentType.choices
    )
    enrolment = forms.IntegerField(
        label="Effectif de l'établissement (garçons + filles)",
        min_value=0,
        max_value=MAX_HEADCOUNT,
        help_text="Les élèves de SEGPA et d'ULIS (collèges) ou de post-bac (lycées) peuvent être "
        "déduits.",
    )
    previous_licensees = forms.IntegerField(
        label="Licenciés de la saison précédente",
        min_value=0,
        max_value=MAX_HEADCOUNT,
        required=False,
        help_text="Sert au contrat accompagné. Laisser vide s'il n'y en avait pas.",
    )
    contract = forms.ChoiceField(
        label="Contrat",
        choices=CONTRACT_CHOICES,
        initial=ContractChoice.AUTO.value,
        required=False,
    )
    rep_plus = forms.BooleanField(label="Collège classé REP+", required=False)
    ex_priority = forms.BooleanField(label="LP de l'ex-éducation prioritaire", required=False)
    first_affiliation = forms.BooleanField(
        label="Nouvel établissement (première affiliation)", required=False
    )
    not_affiliated_since_2014 = forms.BooleanField(
        label="AS non affiliée depuis 2014-2015", required=False
    )
    aefe = forms.BooleanField(label="Établissement de l'AEFE", required=False)
    full_price_last_season = forms.BooleanField(
        label="AS en « Licences plein tarif » la saison précédente",
        required=False,
        help_text="2011-2012 : le contrat accompagné n'est proposé qu'à ces AS, et ne s'applique "
        "que si elles le choisissent.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["season"].choices = [(label, label) for label in available_seasons()]
        self.fields["season"].initial = default_season()

    def clean_season(self) -> str:
        return self.cleaned_data["season"] or default_season()

    def fee_input(self) -> FeeInput:
        data = self.cleaned_data
        return FeeInput(
            establishment_type=data["establishment_type"],
            enrolment=data["enrolment"],
            previous_licensees=data["previous_licensees"],
            contract=ContractChoice(data["contract"] or ContractChoice.AUTO),
            rep_plus=data["rep_plus"],
            ex_priority=data["ex_priority"],
            first_affiliation=data["first_affiliation"],
            not_affiliated_since_2014=data["not_affiliated_since_2014"],
            aefe=data["aefe"],
            full_price_last_season=data["full_price_last_season"],
        )


class SeasonOpenForm(forms.Form):
    """DN confirms the opening of the next season (it closes the current one)."""

    confirm = forms.BooleanField(
        label="Je confirme l'ouverture de la saison suivante",
        error_messages={"required": "Cochez la case pour confirmer l'ouverture de la saison."},
    )
