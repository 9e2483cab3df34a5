"""The ministry's directory read the federation's way: types of the circular, names without
their type, department codes (opuss.rules.directory)."""

import pytest

from opuss.rules.directory import (
    DirectoryType,
    OutOfScope,
    bare_name,
    circular_type,
    department_code,
    flag,
    sector,
)


def lycee(general=False, technological=False, professional=False, agricultural=False, nature=""):
    return DirectoryType(
        "Lycée",
        general=general,
        technological=technological,
        professional=professional,
        agricultural=agricultural,
        nature=nature,
    )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (DirectoryType("Collège"), "COL"),
        (DirectoryType("COLLEGE"), "COL"),
        (DirectoryType("EREA", professional=True), "EEA"),
        (DirectoryType("Médico-social"), "ES"),
        (DirectoryType("Autre"), "AUT"),
        (lycee(general=True, technological=True), "LYC"),
        (lycee(technological=True), "LYC"),
        (lycee(general=True, technological=True, professional=True), "LPO"),
        (lycee(technological=True, professional=True), "LPO"),
        (lycee(professional=True), "LP"),
        (lycee(general=True, professional=True, agricultural=True), "LA"),
        (lycee(technological=True, agricultural=True), "LA"),
        (lycee(professional=True, agricultural=True), "LPA"),
        # No track flag: the nature code decides, a plain lycée otherwise.
        (lycee(nature="320"), "LP"),
        (lycee(nature="306"), "LPO"),
        (lycee(nature="307"), "LA"),
        (lycee(nature="302"), "LYC"),
        (lycee(), "LYC"),
    ],
)
def test_directory_types_become_the_circulars(kind, expected):
    assert circular_type(kind) == expected


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("Ecole", "une école du premier degré n'a pas d'AS"),
        ("Service Administratif", "un service administratif n'est pas un établissement scolaire"),
        ("Information et orientation", "un centre d'information et d'orientation n'est pas"),
        ("Université", "Type « Université » inconnu : seuls Collège, Lycée, EREA"),
        ("", "Type « vide » inconnu"),
    ],
)
def test_types_without_an_as_are_refused_with_the_reason(label, reason):
    with pytest.raises(OutOfScope, match=reason):
        circular_type(DirectoryType(label))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Lycée polyvalent Charles de Gaulle", "Charles de Gaulle"),
        ("Collège Jean Macé", "Jean Macé"),
        ("COLLEGE JEAN MACE", "JEAN MACE"),
        ("Lycée général et technologique Kléber", "Kléber"),
        ("Lycée d'enseignement général et technologique agricole d'Obernai", "d'Obernai"),
        ("Lycée professionnel  Roosevelt", "Roosevelt"),
        ("Lycée polyvalent et lycée des métiers Blaise Pascal", "Blaise Pascal"),
        ("Collège privé Saint-Joseph", "Saint-Joseph"),
        ("Lycée et collège Sainte-Marie", "Sainte-Marie"),
        ("EREA Jean Monnet", "Jean Monnet"),
        ("Etablissement régional d'enseignement adapté Bartholdi", "Bartholdi"),
        # "et" goes only between two type words; other words are the name's.
        ("Lycée Pierre et Marie Curie", "Pierre et Marie Curie"),
        ("Collège des Flandres", "des Flandres"),
        ("Collégiale Saint-André", "Collégiale Saint-André"),
        ("Institut médico-éducatif Les Tilleuls", "Institut médico-éducatif Les Tilleuls"),
        # Nothing but its type: kept whole rather than emptied.
        ("Collège", "Collège"),
        ("Lycée professionnel", "Lycée professionnel"),
    ],
)
def test_names_lose_the_type_they_start_with(name, expected):
    assert bare_name(name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("068", "68"), ("68", "68"), ("001", "01"), ("02A", "2A"), ("2b", "2B"), ("971", "971")],
)
def test_department_codes_are_written_the_federations_way(value, expected):
    assert department_code(value) == expected


@pytest.mark.parametrize("value", ["", "6", "0681", "ABC", "099X", "100"])
def test_a_department_code_that_is_none_is_refused(value):
    with pytest.raises(ValueError, match="Code de département"):
        department_code(value)


def test_flags_and_sector():
    assert [flag(v) for v in ("1", "0", "", " 1 ", "Oui")] == [True, False, False, True, True]
    assert [sector(v) for v in ("Public", "Privé", "PRIVE", "")] == [
        "PUBLIC",
        "PRIVATE",
        "PRIVATE",
        "",
    ]
