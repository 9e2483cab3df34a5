"""The demo world: a few académies, departments and districts, establishments of every type of the
circular's annex, and the seed 000's own AS 24214 with its pupil Thomas SCHMITTE."""

ACADEMIES = [
    # (code, name, [(department code, name, [district labels])])
    (
        "24",
        "Strasbourg",
        [
            ("67", "Bas-Rhin", ["67-Strasbourg collèges", "67-Haguenau"]),
            ("68", "Haut-Rhin", ["68-Mulhouse lycées", "68-Colmar collèges"]),
        ],
    ),
    (
        "16",
        "Nantes",
        [
            ("44", "Loire-Atlantique", ["44-Nantes nord", "44-Saint-Nazaire"]),
            ("85", "Vendée", ["85-La Roche-sur-Yon"]),
        ],
    ),
    (
        "10",
        "Lyon",
        [
            ("69", "Rhône", ["69-Lyon centre", "69-Villefranche"]),
        ],
    ),
]

# (AS code, UAI digits, type, name, city, postcode, department, district, flags, head)
# flags: rep_plus, ex_priority_education, aefe. The first is the seed's own AS.
ESTABLISHMENTS = [
    (
        "24214",
        "0681761",
        "LPO",
        "Charles de Gaulle",
        "Pulversheim",
        "68840",
        "68",
        "68-Mulhouse lycées",
        {},
        ("M", "BRUGGER", "Frédéric"),
        "14 RUE DE RUELISHEIM",
        "03 89 83 69 20",
    ),
    (
        "24215",
        "0681802",
        "COL",
        "Victor Schoelcher",
        "Mulhouse",
        "68100",
        "68",
        "68-Colmar collèges",
        {"rep_plus": True},
        None,
        None,
        None,
    ),
    (
        "24216",
        "0680015",
        "LP",
        "Charles Pointet",
        "Thann",
        "68800",
        "68",
        "68-Mulhouse lycées",
        {"ex_priority_education": True},
        None,
        None,
        None,
    ),
    (
        "24101",
        "0670020",
        "LYC",
        "Fustel de Coulanges",
        "Strasbourg",
        "67000",
        "67",
        "67-Strasbourg collèges",
        {},
        None,
        None,
        None,
    ),
    (
        "24102",
        "0672618",
        "LA",
        "Agricole d'Obernai",
        "Obernai",
        "67210",
        "67",
        "67-Haguenau",
        {},
        None,
        None,
        None,
    ),
    (
        "24103",
        "0671509",
        "EEA",
        "EREA Henri Ebel",
        "Illkirch-Graffenstaden",
        "67400",
        "67",
        "67-Strasbourg collèges",
        {},
        None,
        None,
        None,
    ),
    (
        "16001",
        "0440001",
        "COL",
        "Anne de Bretagne",
        "Nantes",
        "44000",
        "44",
        "44-Nantes nord",
        {},
        None,
        None,
        None,
    ),
    (
        "16002",
        "0440022",
        "LPO",
        "Jules Verne",
        "Nantes",
        "44000",
        "44",
        "44-Nantes nord",
        {},
        None,
        None,
        None,
    ),
    (
        "16003",
        "0440180",
        "LPA",
        "Professionnel agricole Jules Rieffel",
        "Saint-Herblain",
        "44800",
        "44",
        "44-Saint-Nazaire",
        {},
        None,
        None,
        None,
    ),
    (
        "16004",
        "0850025",
        "CFA",
        "CFA de Vendée",
        "La Roche-sur-Yon",
        "85000",
        "85",
        "85-La Roche-sur-Yon",
        {},
        None,
        None,
        None,
    ),
    (
        "16005",
        "0850151",
        "ES",
        "IME Les Terres Noires",
        "La Roche-sur-Yon",
        "85000",
        "85",
        "85-La Roche-sur-Yon",
        {},
        None,
        None,
        None,
    ),
    (
        "10001",
        "0690026",
        "LYC",
        "Ampère",
        "Lyon",
        "69002",
        "69",
        "69-Lyon centre",
        {},
        None,
        None,
        None,
    ),
    (
        "10002",
        "0691234",
        "PJJ",
        "EPM de Meyzieu",
        "Meyzieu",
        "69330",
        "69",
        "69-Lyon centre",
        {},
        None,
        None,
        None,
    ),
    (
        "10003",
        "0693330",
        "AUT",
        "Lycée français Jean Renoir (AEFE)",
        "Munich",
        "80939",
        "69",
        "69-Villefranche",
        {"aefe": True},
        None,
        None,
        None,
    ),
]

# AS whose affiliation is not finished this season (they have no licences yet), so that a newcomer
# sees every screen of the workflow; all the others are affiliated.
ESTABLISHMENTS += [
    (
        "24217",
        "0681803",
        "COL",
        "Jean Macé",
        "Mulhouse",
        "68100",
        "68",
        "68-Colmar collèges",
        {},
        None,
        None,
        None,
    ),
    (
        "24218",
        "0681804",
        "LYC",
        "Louis Armand",
        "Mulhouse",
        "68200",
        "68",
        "68-Mulhouse lycées",
        {},
        None,
        None,
        None,
    ),
    (
        "24104",
        "0671510",
        "COL",
        "Sébastien Brant",
        "Bischwiller",
        "67240",
        "67",
        "67-Haguenau",
        {},
        None,
        None,
        None,
    ),
]
CURRENT_STATE = {"24217": "PENDING", "24218": "RETURNED", "24104": "DRAFT", "16006": "PENDING"}
RETURN_COMMENT = (
    "L'effectif déclaré (1 250 élèves) ne correspond pas aux chiffres du rectorat (1 052) : "
    "merci de corriger et de retransmettre."
)
# History behind the contract rules: a new AS (first affiliation: contract free, both contracts
# offered), an AS last affiliated in 2011-2012 (not affiliated since 2014-2015: free too), AS that
# were in the accompanied contract last season, and one paying by prepayment through its SR.
NEW_AS = {"16006"}
LAST_AFFILIATED_IN = {"10001": 2011}
PREVIOUS_ACCOMPANIED = {"24216", "16003"}
PREPAYMENT = {"10002"}

# An establishment that holds a collège and a lycée has two AS (circular 2025-2026,
# "RAPPEL"): the lycée's establishment above also gets this collège AS.
SECOND_AS = [("16006", "0440022")]

# The seed 000's people at AS 24214.
SEED_ANIMATEURS = [
    ("MME", "BERNASCONI", "Héloïse", "heloise.bernasconi@demo.opuss.fr"),
    ("M", "KLEIN", "Théodore", "theodore.klein@demo.opuss.fr"),
]
SEED_ANIMATEUR_ACTIVITIES = {
    "heloise.bernasconi@demo.opuss.fr": ["Escalade", "Roller / Skate", "Volley Ball"],
    "theodore.klein@demo.opuss.fr": [
        "Athlétisme estival", "Athlétisme hivernal", "Cross country", "Tennis de table",
    ],
}
SEED_PUPIL = {
    "last_name": "SCHMITTE",
    "first_name": "Thomas",
    "sex": "M",
    "birth_date": (2008, 6, 11),
    "email": "thomaschmitte@demo.opuss.fr",
    "phone": "0695974892",
    "jo_number": "1529567",
    "class_level": "Terminale Bac Pro",
    "sequence": 172,
}
# Licensed by the seed AS last season only, with a password: the demo's pupil who can try
# « Renouvellement ». His name sorts last, so the seed's renewal requests and basket pass him by.
RENEWAL_PUPIL = {
    "last_name": "ZIEGLER",
    "first_name": "Hugo",
    "sex": "M",
    "birth_date": (2009, 3, 17),
    "email": "hugo.ziegler@demo.opuss.fr",
    "class_level": "1re Bac Pro",
    "sequence": 900,
}
DEMO_PASSWORD = "demo-opuss-2025"
