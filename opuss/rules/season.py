"""A season's rules, read from its data file (`opuss/rules/seasons/<label>.toml`).

The file is checked when it is loaded, so that a wrong file fails at once with the place of the
mistake rather than giving a wrong fee later. The schema is described in docs/rules.md.
"""

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from opuss.rules.enums import AccompaniedAccess, Condition, ContractType
from opuss.rules.errors import InvalidSeasonFile, UnknownPeriod, UnknownSeason
from opuss.rules.reader import Table

SEASON_FILES = "opuss.rules.seasons"
# Another directory of season files, read besides the package's: next season's file before a
# release ships it, or a test's own season (tests/seasons/files). The package's file wins when
# both have one. Read once: `forget_season_files()` after changing it.
SEASONS_DIR_ENV = "OPUSS_SEASONS_DIR"
_LABEL = re.compile(r"^(\d{4})-(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Tariffs:
    affiliation: Decimal
    # The price of one licence bought alone: the reference of the break-even threshold.
    individual_licence: Decimal
    maif_individual: Decimal
    ia_sport_plus: Decimal | None


@dataclass(frozen=True)
class TypeParameter:
    """The personalised contract's parameter of an establishment type, and the column of the
    circular's table it comes from ("LP et autres" in 2011-2012)."""

    code: str
    parameter: Decimal
    column: str


@dataclass(frozen=True)
class PersonalisedRules:
    label: str
    base: Decimal
    enrolment_floor: int
    enrolment_ceiling: int
    cap: Decimal | None
    parameters: Mapping[str, TypeParameter]


@dataclass(frozen=True)
class AccompaniedRules:
    label: str
    licence_price: Decimal
    fixed_part: Decimal
    # The share of the enrolment counted as licensees when the AS had none.
    no_licensees_share: Decimal | None
    access: frozenset[AccompaniedAccess]


@dataclass(frozen=True)
class FreeContract:
    establishment_types: frozenset[str]
    # Each fact that makes the contract free, with the words the explanation uses.
    conditions: Mapping[Condition, str]
    # First season (its start year) of the window in which an AS must not have been affiliated
    # for `not_affiliated_since_2014` to hold ("non affiliées en 2014-2015 et ... en 2024-2025").
    unaffiliated_since: int | None = None


@dataclass(frozen=True)
class Reduction:
    condition: Condition
    label: str
    establishment_types: frozenset[str]
    divisor: Decimal


@dataclass(frozen=True)
class AgeCategory:
    code: str
    label: str
    first_year: int
    last_year: int


@dataclass(frozen=True)
class Period:
    """An opening period or a deadline, bounds included, as aware datetimes. A deadline has no
    `opens`; an obligation that starts on a date has no `closes`."""

    key: str
    label: str
    opens: datetime | None
    closes: datetime | None


@dataclass(frozen=True)
class ContractThird:
    affiliation_month: date  # the first day of the month in which the AS was affiliated
    third: int  # 1, 2 or 3


@dataclass(frozen=True)
class DebitRun:
    month: date  # first day of the run's month
    processing_date: date
    value_date: date
    affiliation_month: date | None
    contract_thirds: tuple[ContractThird, ...]


@dataclass(frozen=True)
class LicenceRules:
    """What an AS confirms before ordering licences, and the guardian's validation."""

    # The checks the animateur confirms before validating a basket (the season's wording).
    checks: tuple[str, ...] = ()
    # Guardian validation by e-mail: how long a link is valid, when a reminder goes out.
    guardian_link_days: int | None = None
    guardian_reminder_days: int | None = None
    # The mentions shown to the guardian: image rights, RGPD, insurance & rules.
    mentions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def guardian_validation(self) -> bool:
        return self.guardian_link_days is not None


@dataclass(frozen=True)
class SeasonRules:
    label: str
    timezone: ZoneInfo
    starts: date
    ends: date
    tariffs: Tariffs
    personalised: PersonalisedRules
    accompanied: AccompaniedRules
    free: FreeContract
    reductions: tuple[Reduction, ...]
    categories: tuple[AgeCategory, ...]  # from the youngest to the oldest
    periods: Mapping[str, Period]
    debit_runs: tuple[DebitRun, ...]
    licences: LicenceRules = field(default_factory=LicenceRules)
    # Set when the categories are not the season's text but an assumption: shown with them.
    categories_assumption: str | None = None

    @property
    def establishment_types(self) -> frozenset[str]:
        """Every type code the season knows: those with a parameter and those always free."""
        return frozenset(self.personalised.parameters) | self.free.establishment_types

    def contract_label(self, contract_type: ContractType) -> str:
        if contract_type is ContractType.ACCOMPANIED:
            return self.accompanied.label
        return self.personalised.label

    def period(self, key: str) -> Period:
        try:
            return self.periods[key]
        except KeyError:
            raise UnknownPeriod(
                f"La saison {self.label} ne définit pas la période « {key} »."
            ) from None


def _extra_directory() -> Path | None:
    value = os.environ.get(SEASONS_DIR_ENV, "").strip()
    return Path(value) if value else None


def _packaged_labels() -> set[str]:
    names = (entry.name for entry in resources.files(SEASON_FILES).iterdir())
    return {name.removesuffix(".toml") for name in names if _is_season_file(name)}


@cache
def available_seasons() -> list[str]:
    """The labels of the season files, oldest first."""
    labels = _packaged_labels()
    extra = _extra_directory()
    if extra is not None and extra.is_dir():
        labels |= {p.stem for p in extra.iterdir() if p.is_file() and _is_season_file(p.name)}
    return sorted(labels)


@cache
def load_season(label: str) -> SeasonRules:
    """The rules of a season ("2025-2026"); `UnknownSeason` if it has no file."""
    available = available_seasons()
    if label not in available:
        raise UnknownSeason(label, available)
    return parse_season(label, _season_text(label))


def _season_text(label: str) -> str:
    name = f"{label}.toml"
    extra = _extra_directory()
    if label not in _packaged_labels() and extra is not None:
        return (extra / name).read_text(encoding="utf-8")
    return resources.files(SEASON_FILES).joinpath(name).read_text(encoding="utf-8")


def forget_season_files() -> None:
    """Reads the season files again at the next call (after `OPUSS_SEASONS_DIR` changed)."""
    available_seasons.cache_clear()
    load_season.cache_clear()


def parse_season(label: str, text: str) -> SeasonRules:
    """The rules held by the text of a season file, checked."""
    source = f"{label}.toml"
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise InvalidSeasonFile(f"Fichier de saison {source} illisible : {error}.") from error
    root = Table(data, source)
    match = _LABEL.match(label)
    if match is None or int(match[2]) != int(match[1]) + 1:
        root.fail(f"le nom « {label} » n'est pas une saison (AAAA-AAAA, années consécutives)")
    timezone = _timezone(root)
    starts, ends = root.day("starts"), root.day("ends")
    if (starts.year, ends.year) != (int(match[1]), int(match[2])) or starts >= ends:
        root.fail("« starts » et « ends » doivent tomber dans les années de la saison")
    personalised = _personalised(root.table("personalised"))
    free = _free(root.optional_table("free"))
    reductions = tuple(_reduction(table) for table in root.tables("reductions"))
    rules = SeasonRules(
        label=label,
        timezone=timezone,
        starts=starts,
        ends=ends,
        tariffs=_tariffs(root.table("tariffs")),
        personalised=personalised,
        accompanied=_accompanied(root.table("accompanied")),
        free=free,
        reductions=reductions,
        categories=_categories(root),
        categories_assumption=(
            root.string("categories_assumption") if root.has("categories_assumption") else None
        ),
        periods=_periods(root.optional_table("periods"), timezone),
        licences=_licences(root.optional_table("licences")),
        debit_runs=_debit_runs(root),
    )
    root.finish()
    _check_types(root, rules)
    return rules


def _is_season_file(name: str) -> bool:
    return name.endswith(".toml") and _LABEL.match(name.removesuffix(".toml")) is not None


def _timezone(root: Table) -> ZoneInfo:
    name = root.string("timezone")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        root.fail(f"fuseau horaire inconnu : {name}", "timezone")


def _non_negative(table: Table, key: str) -> Decimal:
    value = table.decimal(key)
    if value < 0:
        table.fail("montant négatif", key)
    return value


def _positive(table: Table, key: str) -> Decimal:
    value = table.decimal(key)
    if value <= 0:
        table.fail("nombre strictement positif attendu", key)
    return value


def _tariffs(table: Table) -> Tariffs:
    tariffs = Tariffs(
        affiliation=_non_negative(table, "affiliation"),
        individual_licence=_positive(table, "individual_licence"),
        maif_individual=_non_negative(table, "maif_individual"),
        ia_sport_plus=_non_negative(table, "ia_sport_plus") if table.has("ia_sport_plus") else None,
    )
    table.finish()
    return tariffs


def _personalised(table: Table) -> PersonalisedRules:
    floor, ceiling = table.integer("enrolment_floor"), table.integer("enrolment_ceiling")
    if not 0 < floor < ceiling:
        table.fail("il faut 0 < enrolment_floor < enrolment_ceiling")
    parameters_table = table.table("parameters")
    parameters = {}
    for code in parameters_table.names():
        entry = parameters_table.table(code)
        parameter = TypeParameter(code, entry.decimal("parameter"), entry.string("column"))
        entry.finish()
        # "Paramètre de l'effectif pris en compte = paramètre - (effectif corrigé / 100)": the
        # percentage must stay positive up to the largest corrected enrolment.
        if parameter.parameter - Decimal(ceiling) / 100 <= 0:
            entry.fail("le pourcentage de l'effectif deviendrait négatif", "parameter")
        parameters[code] = parameter
    if not parameters:
        parameters_table.fail("aucun type d'établissement")
    rules = PersonalisedRules(
        label=table.string("label"),
        base=_positive(table, "base"),
        enrolment_floor=floor,
        enrolment_ceiling=ceiling,
        cap=_positive(table, "cap") if table.has("cap") else None,
        parameters=MappingProxyType(parameters),
    )
    table.finish()
    return rules


def _accompanied(table: Table) -> AccompaniedRules:
    share = table.optional_decimal("no_licensees_share")
    if share is not None and not 0 < share < 1:
        table.fail("part comprise entre 0 et 1 attendue (0.08 pour 8 %)", "no_licensees_share")
    access = table.strings("access")
    known = {item.value for item in AccompaniedAccess}
    if unknown := sorted(set(access) - known):
        table.fail(f"accès inconnu : {', '.join(unknown)}", "access")
    rules = AccompaniedRules(
        label=table.string("label"),
        licence_price=_positive(table, "licence_price"),
        fixed_part=_non_negative(table, "fixed_part"),
        no_licensees_share=share,
        access=frozenset(AccompaniedAccess(item) for item in access),
    )
    table.finish()
    return rules


def _condition(table: Table, value: str, key: str) -> Condition:
    try:
        return Condition(value)
    except ValueError:
        known = ", ".join(item.value for item in Condition)
        table.fail(f"condition inconnue : {value} (connues : {known})", key)


def _free(table: Table | None) -> FreeContract:
    if table is None:
        return FreeContract(frozenset(), MappingProxyType({}))
    types = frozenset(table.strings("establishment_types"))
    unaffiliated_since = (
        table.integer("unaffiliated_since") if table.has("unaffiliated_since") else None
    )
    conditions_table = table.optional_table("conditions")
    conditions: dict[Condition, str] = {}
    if conditions_table is not None:
        for key in conditions_table.names():
            conditions[_condition(conditions_table, key, key)] = conditions_table.string(key)
    table.finish()
    return FreeContract(types, MappingProxyType(conditions), unaffiliated_since)


def _reduction(table: Table) -> Reduction:
    reduction = Reduction(
        condition=_condition(table, table.string("condition"), "condition"),
        label=table.string("label"),
        establishment_types=frozenset(table.strings("establishment_types")),
        divisor=_positive(table, "divisor"),
    )
    table.finish()
    return reduction


def _categories(root: Table) -> tuple[AgeCategory, ...]:
    categories = []
    for table in root.tables("categories"):
        category = AgeCategory(
            code=table.string("code"),
            label=table.string("label"),
            first_year=table.integer("first_year"),
            last_year=table.integer("last_year"),
        )
        table.finish()
        if category.first_year > category.last_year:
            table.fail("first_year après last_year")
        categories.append(category)
    if not categories:
        root.fail("aucune catégorie d'âge", "categories")
    if len({category.code for category in categories}) != len(categories):
        root.fail("deux catégories ont le même code", "categories")
    # From the youngest (latest birth years) to the oldest; consecutive years, no gap, no overlap.
    categories.sort(key=lambda category: category.last_year, reverse=True)
    for younger, older in zip(categories, categories[1:], strict=False):
        if older.last_year != younger.first_year - 1:
            root.fail(
                f"les catégories {older.label} et {younger.label} ne se suivent pas "
                f"({older.last_year} puis {younger.first_year})",
                "categories",
            )
    return tuple(categories)


def _licences(table: Table | None) -> LicenceRules:
    if table is None:
        return LicenceRules()
    link_days = table.integer("guardian_link_days") if table.has("guardian_link_days") else None
    reminder_days = (
        table.integer("guardian_reminder_days") if table.has("guardian_reminder_days") else None
    )
    mentions_table = table.optional_table("mentions")
    mentions: dict[str, str] = {}
    if mentions_table is not None:
        for key in mentions_table.names():
            mentions[key] = mentions_table.string(key).strip()
        mentions_table.finish()
    rules = LicenceRules(
        checks=table.strings("checks") if table.has("checks") else (),
        guardian_link_days=link_days,
        guardian_reminder_days=reminder_days,
        mentions=MappingProxyType(mentions),
    )
    table.finish()
    return rules


def _periods(table: Table | None, timezone: ZoneInfo) -> Mapping[str, Period]:
    periods: dict[str, Period] = {}
    if table is None:
        return MappingProxyType(periods)
    for key in table.names():
        entry = table.table(key)
        opens, closes = entry.optional_moment("opens"), entry.optional_moment("closes")
        if opens is None and closes is None:
            entry.fail("« opens » ou « closes » attendu")
        if opens is not None and closes is not None and opens > closes:
            entry.fail("« opens » après « closes »")
        periods[key] = Period(
            key=key,
            label=entry.string("label"),
            opens=opens.replace(tzinfo=timezone) if opens is not None else None,
            closes=closes.replace(tzinfo=timezone) if closes is not None else None,
        )
        entry.finish()
    return MappingProxyType(periods)


def _month(table: Table, value: str, key: str) -> date:
    match = _MONTH.match(value)
    if match is None or not 1 <= int(match[2]) <= 12:
        table.fail(f"mois attendu (AAAA-MM) : {value}", key)
    return date(int(match[1]), int(match[2]), 1)


def _debit_runs(root: Table) -> tuple[DebitRun, ...]:
    runs = []
    for table in root.tables("debit_runs"):
        thirds_table = table.table("contract_thirds")
        thirds = []
        for key in thirds_table.names():
            third = thirds_table.integer(key)
            if third not in (1, 2, 3):
                thirds_table.fail("tiers 1, 2 ou 3 attendu", key)
            thirds.append(ContractThird(_month(thirds_table, key, key), third))
        affiliations = table.string("affiliations") if table.has("affiliations") else None
        run = DebitRun(
            month=_month(table, table.string("month"), "month"),
            processing_date=table.day("processing"),
            value_date=table.day("value"),
            affiliation_month=(
                _month(table, affiliations, "affiliations") if affiliations is not None else None
            ),
            contract_thirds=tuple(sorted(thirds, key=lambda item: item.affiliation_month)),
        )
        table.finish()
        if run.value_date < run.processing_date:
            table.fail("date de valeur avant la date de traitement")
        if any(item.affiliation_month > run.month for item in run.contract_thirds):
            table.fail("un tiers de contrat est prélevé avant le mois de l'affiliation")
        runs.append(run)
    _check_debit_runs(root, runs)
    return tuple(runs)


def _check_debit_runs(root: Table, runs: list[DebitRun]) -> None:
    months = [run.month for run in runs]
    if months != sorted(set(months)):
        root.fail("les prélèvements ne sont pas dans l'ordre des mois", "debit_runs")
    affiliation_months = [run.affiliation_month for run in runs if run.affiliation_month]
    if len(affiliation_months) != len(set(affiliation_months)):
        root.fail("un mois d'affiliations est prélevé deux fois", "debit_runs")
    # Each month's contract is taken in thirds 1, 2 and 3, in that order, once each.
    thirds: dict[date, list[int]] = {}
    for run in runs:
        for item in run.contract_thirds:
            thirds.setdefault(item.affiliation_month, []).append(item.third)
    for month, order in thirds.items():
        if order != [1, 2, 3]:
            root.fail(
                f"les tiers du contrat des affiliations de {month:%Y-%m} sont {order}, "
                "attendu [1, 2, 3]",
                "debit_runs",
            )


def _check_types(root: Table, rules: SeasonRules) -> None:
    known = rules.establishment_types
    used = set(rules.free.establishment_types)
    for reduction in rules.reductions:
        used |= reduction.establishment_types
    if unknown := sorted(used - known):
        root.fail(f"type d'établissement sans paramètre : {', '.join(unknown)}")
