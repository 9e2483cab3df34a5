"""The demo's question bank: the national bank and a few questions of the académie de
Strasbourg. Each answer starts with "+" (right) or "-" (wrong)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoQuestion:
    role: str
    level: str
    activity: str | None
    text: str
    answers: tuple[str, ...]
    explanation: str = ""

    @property
    def choices(self) -> list[tuple[str, bool]]:
        return [(answer[1:].strip(), answer.startswith("+")) for answer in self.answers]


Q = DemoQuestion
VOLLEY, HAND, BASKET, BAD = "Volley Ball", "Handball", "Basket Ball", "Badminton"
FOOT, TT, ATHLE, CROSS = "Football", "Tennis de table", "Athlétisme estival", "Cross country"

NATIONAL = [
    # --- Jeune arbitre: volley-ball
    Q(
        "REFEREE",
        "DISTRICT",
        VOLLEY,
        "Combien de touches de balle une équipe peut-elle faire au plus pour renvoyer le ballon "
        "chez l'adversaire (le contre n'étant pas compté) ?",
        ("+ 3", "- 2", "- 4", "- Autant qu'elle veut"),
        "Trois touches au plus ; la touche du contre ne compte pas parmi elles.",
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        VOLLEY,
        "Un set (hors set décisif) est gagné par l'équipe qui marque la première :",
        (
            "+ 25 points avec au moins 2 points d'écart",
            "- 21 points",
            "- 25 points, même avec 1 point d'écart",
        ),
        "À 24-24, le jeu continue jusqu'à ce qu'une équipe mène de 2 points. Le set décisif se "
        "joue en 15 points, toujours avec 2 points d'écart.",
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        VOLLEY,
        "Le ballon de service touche le filet puis passe dans le camp adverse. L'arbitre :",
        (
            "+ laisse jouer : le service est bon",
            "- siffle une faute de service",
            "- fait rejouer le service",
        ),
        "Un service qui touche le filet et passe entre les antennes est valable.",
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        VOLLEY,
        "Quand une équipe reprend le droit de servir, ses joueurs tournent d'une position :",
        (
            "+ dans le sens des aiguilles d'une montre",
            "- dans le sens inverse des aiguilles d'une montre",
            "- seulement si l'entraîneur le demande",
        ),
        "Le joueur de la zone 2 passe en zone 1 pour servir, celui de la zone 1 en zone 6, etc.",
    ),
    Q(
        "REFEREE",
        "DEPARTMENTAL",
        VOLLEY,
        "Parmi ces situations, lesquelles sont des fautes ?",
        (
            "+ Un joueur touche le haut du filet, entre les antennes, en jouant le ballon",
            "+ Un joueur arrière attaque depuis la zone avant un ballon entièrement "
            "au-dessus du filet",
            "- À la première touche de son équipe, le ballon touche deux fois le même joueur "
            "dans une même action",
            "- Après avoir contré, un joueur rejoue aussitôt le ballon",
        ),
        "À la première touche de l'équipe, les contacts successifs dans une même action sont "
        "permis ; la touche du contre ne compte pas, le contreur peut donc rejouer le ballon.",
    ),
    Q(
        "REFEREE",
        "DEPARTMENTAL",
        VOLLEY,
        "Un joueur de la ligne arrière (zones 1, 6 et 5) peut-il participer à un contre ?",
        ("+ Non, c'est une faute", "- Oui, toujours", "- Oui, s'il ne touche pas le filet"),
        "Seuls les trois joueurs avant peuvent contrer.",
    ),
    Q(
        "REFEREE",
        "ACADEMIC",
        VOLLEY,
        "Combien de temps le serveur a-t-il pour frapper le ballon après le coup de sifflet "
        "autorisant le service ?",
        ("+ 8 secondes", "- 5 secondes", "- 10 secondes"),
        "Au-delà de 8 secondes, le service est fautif et l'adversaire marque le point.",
    ),
    # --- Jeune arbitre: handball
    Q(
        "REFEREE",
        "DISTRICT",
        HAND,
        "En tenant le ballon, un joueur peut faire au plus :",
        ("+ 3 pas", "- 2 pas", "- 4 pas"),
        "Au-delà de 3 pas, c'est un « marcher » : jet franc pour l'adversaire.",
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        HAND,
        "Combien de temps un joueur peut-il garder le ballon en main sans le passer, tirer ni "
        "dribbler ?",
        ("+ 3 secondes", "- 5 secondes", "- 10 secondes"),
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        HAND,
        "Qui a le droit de se tenir dans la surface de but (la zone des 6 mètres) ?",
        (
            "+ Le gardien de but seulement",
            "- Tous les défenseurs",
            "- Un attaquant qui a le ballon",
        ),
        "Un joueur de champ peut sauter au-dessus de la zone s'il lâche le ballon avant de "
        "retomber dedans.",
    ),
    Q(
        "REFEREE",
        "DEPARTMENTAL",
        HAND,
        "Un jet de 7 mètres est accordé quand :",
        (
            "+ une occasion manifeste de but est détruite irrégulièrement",
            "- un attaquant pose le pied dans la surface de but",
            "- le ballon sort par la ligne de touche",
        ),
        "Un attaquant dans la surface de but donne un jet franc au gardien, une sortie en touche "
        "une remise en jeu.",
    ),
    Q(
        "REFEREE",
        "DEPARTMENTAL",
        HAND,
        "Quelle est la durée d'une exclusion temporaire ?",
        ("+ 2 minutes", "- 1 minute", "- 5 minutes"),
    ),
    Q(
        "REFEREE",
        "ACADEMIC",
        HAND,
        "Après un but, le jeu reprend par :",
        (
            "+ un engagement de l'équipe qui a encaissé le but",
            "- une remise en jeu par le gardien de l'équipe qui a encaissé le but",
            "- un engagement de l'équipe qui a marqué",
        ),
    ),
    # --- Jeune arbitre: basket-ball
    Q(
        "REFEREE",
        "DISTRICT",
        BASKET,
        "Une équipe qui contrôle le ballon doit tenter un tir dans un délai de :",
        ("+ 24 secondes", "- 30 secondes", "- 8 secondes"),
        "8 secondes, c'est le temps pour amener le ballon en zone avant.",
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        BASKET,
        "Après combien de fautes personnelles un joueur doit-il quitter le jeu (règles FIBA) ?",
        ("+ 5", "- 4", "- 6"),
    ),
    Q(
        "REFEREE",
        "DEPARTMENTAL",
        BASKET,
        "Combien de temps un attaquant peut-il rester dans la zone restrictive adverse pendant "
        "que son équipe contrôle le ballon ?",
        ("+ 3 secondes", "- 5 secondes", "- 8 secondes"),
    ),
    Q(
        "REFEREE",
        "DEPARTMENTAL",
        BASKET,
        "Lesquelles de ces situations sont des violations (et non des fautes) ?",
        (
            "+ Le marcher",
            "+ La reprise de dribble",
            "+ Le retour en zone arrière",
            "- Une bousculade sur un adversaire",
        ),
        "Une violation donne le ballon à l'adversaire ; un contact illégal sur un adversaire est "
        "une faute personnelle.",
    ),
    # --- Jeune arbitre: badminton
    Q(
        "REFEREE",
        "DISTRICT",
        BAD,
        "Un set de badminton se gagne :",
        (
            "+ à 21 points, avec 2 points d'écart (au plus tard à 30)",
            "- à 15 points",
            "- à 11 points, avec 2 points d'écart",
        ),
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        BAD,
        "Un volant qui tombe sur la ligne est :",
        ("+ bon", "- faute", "- à rejouer"),
        "La ligne fait partie du terrain qu'elle délimite.",
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        BAD,
        "En simple, quand le score du serveur est pair, il sert depuis :",
        ("+ sa zone de service droite", "- sa zone de service gauche", "- la zone de son choix"),
    ),
    Q(
        "REFEREE",
        "DEPARTMENTAL",
        BAD,
        "Au moment où le serveur le frappe, le volant doit être :",
        (
            "+ entièrement au-dessous de 1,15 m du sol",
            "- au-dessous de l'épaule du serveur",
            "- au-dessus de la taille du serveur",
        ),
    ),
    Q(
        "REFEREE",
        "DEPARTMENTAL",
        BAD,
        "Parmi ces situations pendant l'échange, lesquelles sont des fautes ?",
        (
            "+ Un joueur touche le filet avec sa raquette",
            "+ Le volant touche le plafond",
            "- Le volant touche le haut du filet et passe dans le camp adverse",
        ),
    ),
    # --- Jeune arbitre: football
    Q(
        "REFEREE",
        "DISTRICT",
        FOOT,
        "Un joueur peut-il être hors-jeu directement sur une rentrée de touche ?",
        ("+ Non", "- Oui", "- Seulement dans la moitié de terrain adverse"),
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        FOOT,
        "Que signifie le carton jaune ?",
        (
            "+ Un avertissement",
            "- Une exclusion définitive",
            "- Une exclusion temporaire de 10 minutes",
        ),
    ),
    Q(
        "REFEREE",
        "DEPARTMENTAL",
        FOOT,
        "Sur lesquelles de ces reprises de jeu un joueur ne peut-il pas être hors-jeu "
        "directement ?",
        (
            "+ La rentrée de touche",
            "+ Le coup de pied de but",
            "+ Le coup de pied de coin",
            "- Le coup franc indirect",
        ),
    ),
    # --- Jeune arbitre: tennis de table
    Q(
        "REFEREE",
        "DISTRICT",
        TT,
        "Au tennis de table, une manche se gagne :",
        (
            "+ à 11 points, avec 2 points d'écart",
            "- à 21 points",
            "- à 11 points, même avec 1 point d'écart",
        ),
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        TT,
        "Au service, la balle doit être lancée presque verticalement à au moins :",
        ("+ 16 cm", "- 5 cm", "- 30 cm"),
        "La balle repose d'abord à plat sur la paume ouverte, puis elle est lancée sans effet.",
    ),
    Q(
        "REFEREE",
        "DEPARTMENTAL",
        TT,
        "Avant 10-10, combien de services consécutifs chaque joueur fait-il ?",
        ("+ 2", "- 1", "- 5"),
        "À partir de 10-10, chaque joueur sert à tour de rôle un seul service.",
    ),
    # --- Jeune juge: athlétisme
    Q(
        "JUDGE",
        "DISTRICT",
        ATHLE,
        "Au saut en hauteur, le juge lève un drapeau blanc pour signaler :",
        ("+ un essai réussi", "- un essai manqué", "- le début du temps d'essai"),
        "Drapeau blanc : essai valable ; drapeau rouge : essai manqué.",
    ),
    Q(
        "JUDGE",
        "DISTRICT",
        ATHLE,
        "Au saut en longueur, le saut est mesuré :",
        (
            "+ de l'empreinte la plus proche de la ligne d'appel jusqu'à cette ligne",
            "- de l'empreinte des pieds jusqu'à la planche",
            "- de l'empreinte la plus éloignée jusqu'à la ligne d'appel",
        ),
        "On mesure perpendiculairement à la ligne d'appel (ou à son prolongement), depuis la "
        "marque la plus proche laissée par n'importe quelle partie du corps.",
    ),
    Q(
        "JUDGE",
        "DISTRICT",
        ATHLE,
        "Le chronométreur manuel déclenche son chronomètre :",
        (
            "+ à la vue de la fumée ou de l'éclair du pistolet",
            "- au bruit de la détonation",
            "- quand le premier coureur s'élance",
        ),
        "La lumière arrive presque instantanément, le son met environ 0,3 s pour parcourir 100 m.",
    ),
    Q(
        "JUDGE",
        "DISTRICT",
        ATHLE,
        "Au saut en hauteur, un athlète est éliminé après :",
        (
            "+ trois échecs consécutifs",
            "- deux échecs consécutifs",
            "- trois échecs sur l'ensemble du concours",
        ),
    ),
    Q(
        "JUDGE",
        "DEPARTMENTAL",
        ATHLE,
        "Au lancer du poids, l'essai est nul si l'athlète :",
        (
            "+ touche le dessus du butoir",
            "+ sort du cercle avant que le poids soit retombé",
            "- touche la face intérieure du butoir",
        ),
        "Toucher l'intérieur du butoir est permis ; l'athlète sort ensuite par la moitié arrière "
        "du cercle.",
    ),
    Q(
        "JUDGE",
        "DEPARTMENTAL",
        ATHLE,
        "Dans un relais 4 × 100 m, le passage du témoin est valable si :",
        (
            "+ le témoin est transmis à l'intérieur de la zone de transmission",
            "- les deux coureurs sont dans la zone, où que soit le témoin",
            "- le receveur est lancé, même si le témoin est transmis avant la zone",
        ),
        "C'est la position du témoin qui compte, pas celle des coureurs.",
    ),
    Q(
        "JUDGE",
        "DEPARTMENTAL",
        ATHLE,
        "En course de haies, un athlète renverse une haie avec la jambe, sans le faire exprès. "
        "Le juge :",
        ("+ ne le disqualifie pas", "- le disqualifie", "- lui ajoute une pénalité de temps"),
    ),
    Q(
        "JUDGE",
        "ACADEMIC",
        ATHLE,
        "Selon le règlement de World Athletics, en course (hors épreuves combinées), un athlète "
        "qui fait un faux départ est :",
        (
            "+ disqualifié dès le premier faux départ",
            "- averti, puis disqualifié au deuxième",
            "- replacé un mètre en arrière",
        ),
    ),
    # --- Every activity
    Q(
        "REFEREE",
        "DISTRICT",
        None,
        "Un joueur conteste vivement ta décision. Que fais-tu ?",
        (
            "+ Je reste calme et je maintiens ma décision, en l'expliquant brièvement si besoin",
            "- Je change ma décision pour éviter le conflit",
            "- Je lui réponds sur le même ton",
        ),
        "L'arbitre reste calme, juste et ferme ; si besoin, il fait appel à l'enseignant "
        "responsable de la rencontre.",
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        None,
        "Avant le début d'une rencontre, le jeune arbitre :",
        (
            "+ vérifie le terrain et le matériel",
            "+ se présente aux capitaines et aux responsables des équipes",
            "- s'échauffe avec l'une des deux équipes",
        ),
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        None,
        "Lesquels de ces niveaux de certification un Jeune Officiel UNSS peut-il obtenir ?",
        ("+ District", "+ Départemental", "+ Académique", "+ National", "- Olympique"),
        "Le Jeune Officiel est certifié au district, au département, à l'académie, au niveau "
        "national, et même international.",
    ),
    Q(
        "JUDGE",
        "DISTRICT",
        None,
        "Le jeune juge :",
        (
            "+ applique le règlement de la même façon pour tous",
            "+ relève les performances avec exactitude",
            "- encourage les concurrents de son AS",
        ),
    ),
    Q(
        "ORGANISER",
        "DISTRICT",
        None,
        "Lors d'une rencontre UNSS, le jeune organisateur :",
        (
            "+ prépare et tient à jour les feuilles de résultats",
            "+ vérifie que les installations et le matériel sont prêts",
            "- désigne le vainqueur quand le score est serré",
        ),
    ),
    Q(
        "ORGANISER",
        "DEPARTMENTAL",
        None,
        "Un tournoi réunit 5 équipes qui se rencontrent toutes une fois. Combien de matchs faut-il "
        "prévoir ?",
        ("+ 10", "- 5", "- 20"),
        "Chaque équipe joue 4 matchs : 5 × 4 / 2 = 10.",
    ),
    Q(
        "COACH",
        "DISTRICT",
        None,
        "Pendant un temps mort, le jeune coach :",
        (
            "+ donne une ou deux consignes simples et encourage son équipe",
            "- reprend les erreurs de chaque joueur",
            "- conteste les décisions de l'arbitre",
        ),
    ),
    Q(
        "REPORTER",
        "DISTRICT",
        None,
        "Avant de publier la photo d'un élève sur le site de l'AS, que doit vérifier le jeune "
        "reporter ?",
        (
            "+ Que ses responsables légaux ont accordé le droit à l'image",
            "- Que l'élève a gagné sa rencontre",
            "- Que la photo a été prise avec un appareil de l'AS",
        ),
        "Le droit à l'image est demandé aux responsables légaux avec la licence.",
    ),
    Q(
        "REPORTER",
        "DEPARTMENTAL",
        None,
        "Un article sur une rencontre répond d'abord aux questions :",
        (
            "+ Qui ? Quoi ? Où ? Quand ?",
            "- Seulement : qui a gagné ?",
            "- Qu'a pensé le reporter des arbitres ?",
        ),
    ),
    Q(
        "FIRST_AIDER",
        "DISTRICT",
        None,
        "Quel numéro appeler pour joindre le SAMU ?",
        ("+ 15", "- 17", "- 18"),
        "15 : SAMU ; 17 : police ; 18 : pompiers ; 112 : numéro d'urgence européen.",
    ),
    Q(
        "FIRST_AIDER",
        "DISTRICT",
        None,
        "Une victime est inconsciente et respire normalement. Tu la places :",
        (
            "+ en position latérale de sécurité (PLS)",
            "- assise contre un mur",
            "- sur le dos, les jambes surélevées",
        ),
        "Puis tu alertes les secours et tu surveilles sa respiration.",
    ),
    Q(
        "FIRST_AIDER",
        "DEPARTMENTAL",
        None,
        "Quels numéros permettent d'appeler les secours ?",
        ("+ 112", "+ 18", "- 118 218"),
    ),
    Q(
        "MEDIATOR",
        "DISTRICT",
        None,
        "Deux joueurs se disputent après un match. Le jeune médiateur :",
        (
            "+ les écoute chacun leur tour et les aide à trouver une solution",
            "- décide qui a raison",
            "- les laisse régler ça entre eux",
        ),
    ),
    Q(
        "LEADER",
        "DISTRICT",
        None,
        "Un élève peut-il être membre du comité directeur de son association sportive ?",
        (
            "+ Oui, des élèves y sont élus",
            "- Non, il est réservé aux enseignants",
            "- Seulement s'il est majeur",
        ),
    ),
    Q(
        "LEADER",
        "DEPARTMENTAL",
        None,
        "Qui préside l'association sportive d'un établissement ?",
        ("+ Le chef d'établissement", "- Un élève élu", "- Le professeur d'EPS le plus ancien"),
        "Le chef d'établissement est président de droit de l'AS.",
    ),
]

STRASBOURG = [
    Q(
        "JUDGE",
        "DISTRICT",
        CROSS,
        "En cross-country, un coureur qui ne suit pas le parcours balisé (il « coupe ») est :",
        ("+ disqualifié", "- pénalisé de 10 secondes", "- classé dernier de sa course"),
    ),
    Q(
        "JUDGE",
        "DISTRICT",
        CROSS,
        "Au cross, le classement par équipes s'obtient en général :",
        (
            "+ en additionnant les places des meilleurs coureurs : le plus petit total l'emporte",
            "- en additionnant les temps de tous les coureurs",
            "- en retenant la place du premier coureur de l'équipe",
        ),
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        VOLLEY,
        "Le ballon passe au-dessus du filet mais à l'extérieur d'une antenne, puis tombe dans le "
        "camp adverse. Le point est-il valable ?",
        (
            "+ Non : le ballon doit passer entre les antennes",
            "- Oui",
            "- Oui, s'il n'a pas touché l'antenne",
        ),
    ),
    Q(
        "REFEREE",
        "DISTRICT",
        HAND,
        "Un défenseur touche volontairement le ballon avec le pied. L'arbitre siffle :",
        (
            "+ un jet franc pour l'équipe adverse",
            "- un jet de 7 mètres",
            "- rien : le jeu continue",
        ),
    ),
    Q(
        "ORGANISER",
        "DEPARTMENTAL",
        None,
        "Avant d'afficher un résultat, le jeune organisateur :",
        (
            "+ le fait vérifier par les arbitres ou les juges de l'épreuve",
            "- l'affiche tout de suite pour gagner du temps",
            "- le fait valider par les seuls capitaines",
        ),
    ),
]
