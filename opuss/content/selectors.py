"""Reads for the pupil's space: the "Derniers articles" block and "Mon actualité" (seed 000,
parts 7 and 8), and "Mes partenaires".

The block's filters are a query string (niveau, region, departement, district), so a search can
be bookmarked; without any, the pupil sees his région ("Par défaut, affichage de liste des
articles de la Région d'appartenance du licencié")."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse

from opuss.content.enums import LEVEL_OF_LETTER, PILL_LETTER
from opuss.content.models import Article, Partner, pupil_association_id
from opuss.core.caching import kept
from opuss.core.scope import Level, scope_of
from opuss.licences.selectors import latest_licence_of
from opuss.territories.levels import TerritoryLevel
from opuss.territories.models import Academy, Department, District

ALL_REGIONS = "toutes"
BLOCK_SIZE = 5
PAGE_SIZE = 20


@dataclass(frozen=True)
class Criteria:
    """A search of articles: a level's letter ("SR", "SD", "CD", "AS"; None: all), an académie
    code (None: "Toutes"), a
    department code, a district pk. A department lies in the académie, a district in the
    department (see `consistent`)."""

    level: str | None = None
    academy: str | None = None
    department: str | None = None
    district: int | None = None

    def params(self, **changes) -> dict[str, str]:
        """The query string of this search (with `changes`), as the block's links carry it."""
        criteria = replace(self, **changes)
        params = {"region": criteria.academy or ALL_REGIONS}
        if criteria.level:
            params["niveau"] = criteria.level
        if criteria.department:
            params["departement"] = criteria.department
        if criteria.district:
            params["district"] = str(criteria.district)
        return params


def parse_criteria(params: Mapping[str, str], home_academy: str | None) -> Criteria:
    """The search a query string asks for. No "region" at all: the pupil's own académie."""
    level = params.get("niveau") or None
    region = params.get("region")
    district = params.get("district", "")
    return Criteria(
        level=level if level in LEVEL_OF_LETTER else None,
        academy=home_academy
        if region is None
        else (None if region in ("", ALL_REGIONS) else region),
        department=params.get("departement") or None,
        district=int(district) if district.isdigit() else None,
    )


def consistent(
    criteria: Criteria,
    department_academy: Mapping[str, str],
    district_department: Mapping[int, str],
) -> Criteria:
    """Drops a department that is unknown or outside the académie, and a district that is
    unknown or outside the department (the selects offer only those): what is shown selected
    is what filters."""
    department = criteria.department
    if department is not None and (
        department not in department_academy
        or (criteria.academy is not None and department_academy[department] != criteria.academy)
    ):
        department = None
    district = criteria.district
    if district is not None and (
        department is None or district_department.get(district) != department
    ):
        district = None
    return replace(criteria, department=department, district=district)


def article_condition(criteria: Criteria) -> Q:
    """Articles of the level, published for the territory or inside it: a région holds its SR
    articles and the SD, CD and AS articles of its departments; a department its SD articles and
    those of its districts and AS; a district its CD articles and those of its AS. National
    articles belong to no territory: they come with "Toutes". An article names the territories
    containing its own (opuss.territories.territorial): each filter is one lookup."""
    condition = Q(level=LEVEL_OF_LETTER[criteria.level]) if criteria.level else Q()
    if criteria.district is not None:
        return condition & Q(district=criteria.district)
    if criteria.department is not None:
        return condition & Q(department__code=criteria.department)
    if criteria.academy is not None:
        return condition & Q(academy__code=criteria.academy)
    return condition


def filter_articles(queryset, criteria: Criteria):
    return queryset.filter(article_condition(criteria))


@dataclass(frozen=True)
class Choices:
    """The territories the block's selects offer: every académie, every department (code, name,
    académie code), the districts of the department asked for. Two or three small queries
    however the search reads (issue #14)."""

    academies: list[tuple[str, str]]  # (code, name) by name
    departments: list[tuple[str, str, str]]  # (code, name, académie code) by code
    districts: list[tuple[int, str]]  # (pk, label) by label

    @classmethod
    def read(cls, department: str | None) -> "Choices":
        """Every académie and department, kept (they change once in years); the districts of
        the department asked for, read."""
        academies, departments = kept(["territories"], "content:choices", _territories, 300)
        districts = []
        if department is not None:
            districts = list(
                District.objects.filter(department__code=department)
                .order_by("label")
                .values_list("pk", "label")
            )
        return cls(academies=academies, departments=departments, districts=districts)


def _territories() -> tuple[list, list]:
    return (
        list(Academy.objects.order_by("name").values_list("code", "name")),
        list(Department.objects.order_by("code").values_list("code", "name", "academy__code")),
    )


def resolve(params: Mapping[str, str], home_academy: str | None, choices: Choices) -> Criteria:
    """parse_criteria, then `consistent` against the territories it names."""
    criteria = parse_criteria(params, home_academy)
    if criteria.academy is not None and criteria.academy not in dict(choices.academies):
        criteria = replace(criteria, academy=None)
    department_academy = {code: academy for code, _, academy in choices.departments}
    district_department = {pk: criteria.department for pk, _ in choices.districts}
    return consistent(criteria, department_academy, district_department)


def home_academy_code(user) -> str | None:
    licence = latest_licence_of(user)
    return licence.association.department.academy.code if licence else None


# --- the block ----------------------------------------------------------------------------------


@dataclass
class ArticlesBlock:
    criteria: Criteria
    articles: list
    total: int
    page_obj: object  # "Mon actualité"'s page; None for the home's block
    endpoint: str  # where htmx fetches the block again
    page_url: str  # "Mon actualité": where links lead without htmx
    paginate: bool
    pills: list[dict] = field(default_factory=list)
    regions: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    districts: list[dict] = field(default_factory=list)

    @property
    def query(self) -> str:
        return urlencode(self.criteria.params())

    @property
    def more(self) -> int:
        """Articles beyond those shown (the home's block shows the latest only)."""
        return 0 if self.paginate else max(self.total - len(self.articles), 0)


def articles_block_context(request, *, on_news_page: bool = False) -> dict:
    """The context of "content/_articles_block.html": the pupil home's "Derniers articles"
    (the latest few) or, on "Mon actualité", the whole list paginated. Filters come from
    request.GET."""
    user = request.user
    choices = Choices.read(request.GET.get("departement") or None)
    criteria = resolve(request.GET, home_academy_code(user), choices)
    page_url = reverse("content:pupil_news")
    if on_news_page:
        page_obj = Paginator(_articles(user, criteria), PAGE_SIZE).get_page(request.GET.get("page"))
        articles, total = page_obj.object_list, page_obj.paginator.count
    else:
        page_obj = None
        articles, total = _latest(user, criteria)
    block = ArticlesBlock(
        criteria=criteria,
        articles=articles,
        total=total,
        page_obj=page_obj,
        endpoint=page_url if on_news_page else reverse("content:articles_block"),
        page_url=page_url,
        paginate=on_news_page,
        pills=_pills(criteria),
        regions=_regions(criteria, choices),
        departments=_departments(criteria, choices),
        districts=_districts(criteria, choices),
    )
    return {"articles_block": block}


def _articles(user, criteria: Criteria):
    # published(): a writer's own articles to come stay out of the readers' lists.
    articles = filter_articles(Article.objects.visible_to(user).published(), criteria)
    return articles.prefetch_related("attachments")


# A publication date reached shows within this time; a change to an article at once.
LATEST_SECONDS = 60


def _latest(user, criteria: Criteria) -> tuple[list, int]:
    """The latest articles and their number. A pupil reads what every pupil of his AS reads:
    kept per AS and search (issue #14). Anyone who also writes sees his own to come: read."""

    def read() -> tuple[list, int]:
        articles = _articles(user, criteria)
        return list(articles[:BLOCK_SIZE]), articles.count()

    scope = scope_of(user)
    if scope.national or set(scope.ids) != {Level.PUPIL}:
        return read()
    key = f"content:latest:{pupil_association_id(user)}:{urlencode(criteria.params())}"
    return kept(["content"], key, read, LATEST_SECONDS)


def _pills(criteria: Criteria) -> list[dict]:
    """The four coloured pills; the active one, clicked again, lifts the level filter."""
    return [
        {
            "level": letter,
            "label": level.label,
            "active": criteria.level == letter,
            "query": urlencode(criteria.params(level=None if criteria.level == letter else letter)),
        }
        for level, letter in PILL_LETTER.items()
    ]


def _regions(criteria: Criteria, choices: Choices) -> list[dict]:
    return [{"value": ALL_REGIONS, "label": "Toutes", "selected": criteria.academy is None}] + [
        {"value": code, "label": name, "selected": code == criteria.academy}
        for code, name in choices.academies
    ]


def _departments(criteria: Criteria, choices: Choices) -> list[dict]:
    return [
        {"value": code, "label": f"{code} – {name}", "selected": code == criteria.department}
        for code, name, academy in choices.departments
        if criteria.academy is None or academy == criteria.academy
    ]


def _districts(criteria: Criteria, choices: Choices) -> list[dict]:
    if criteria.department is None:
        return []
    return [
        {"value": str(pk), "label": label, "selected": pk == criteria.district}
        for pk, label in choices.districts
    ]


# --- partners -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerGroup:
    title: str
    partners: list


def partner_groups(user) -> list[PartnerGroup]:
    """ "Mes partenaires": those of his AS, his department, his académie, then national ones;
    groups without partners are left out."""
    visible = Partner.objects.visible_to(user)
    groups = []
    licence = latest_licence_of(user)
    if licence is not None:
        association = licence.association
        department = association.department
        groups += [
            ("Partenaires de mon AS", Q(level=TerritoryLevel.ASSOCIATION, association=association)),
            (
                f"Partenaires du département – {department.name}",
                Q(level=TerritoryLevel.DEPARTMENT, department=department),
            ),
            (
                f"Partenaires de la région – {department.academy.name}",
                Q(level=TerritoryLevel.ACADEMY, academy=department.academy),
            ),
        ]
    groups.append(("Partenaires nationaux", Q(level=TerritoryLevel.NATIONAL)))
    found = [PartnerGroup(title, list(visible.filter(condition))) for title, condition in groups]
    return [group for group in found if group.partners]
