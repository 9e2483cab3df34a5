"""Everything the federation holds on one pupil, built once as a plain dict and rendered two ways
(JSON for machines, PDF for people): RGPD art. 15, the right of access.

`COVERED` names each relation to a pupil, his licences or his account that the export reads;
`NOT_EXPORTED` each one it leaves out, with the reason. tests/privacy/test_coverage.py checks
that together they name every such relation in the project: a new model pointing at a pupil
fails it until someone decides whether it belongs here."""

from auditlog.models import LogEntry
from axes.models import AccessFailureLog, AccessLog
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from opuss.accounts.backends import account_key
from opuss.accounts.models import RoleAssignment, UserSession
from opuss.competitions.models import Entry
from opuss.core.audit import LOG_ACTIONS, entries_for
from opuss.core.models import AuditEntry
from opuss.finance.models import LedgerLine
from opuss.guardians.models import GuardianRequest, GuardianResponse
from opuss.jo.models import Certification, Officiating, QuizAttempt
from opuss.licences.models import (
    AdultLicence,
    BasketLine,
    ContactMessage,
    RenewalRequest,
)

CONTROLLER = {
    "name": "Union Nationale du Sport Scolaire (UNSS)",
    "address": "13, rue Saint-Lazare, 75009 Paris",
    "rights_contact": "daf@unss.org",
}

COVERED = {
    ("licences.Pupil", "user"): "account",
    ("accounts.RoleAssignment", "user"): "roles",
    ("licences.Licence", "pupil"): "licences",
    ("licences.BasketLine", "pupil"): "basket_lines",
    ("licences.BasketLine", "licence"): "basket_lines",
    ("licences.RenewalRequest", "pupil"): "renewal_requests",
    ("licences.RenewalRequest", "licence"): "renewal_requests",
    ("licences.ContactMessage", "pupil"): "contact_messages",
    ("licences.AdultLicence", "user"): "adult_licences",
    ("finance.LedgerLine", "licence"): "charges",
    ("guardians.GuardianRequest", "licence"): "guardian_requests",
    ("guardians.GuardianResponse", "licence"): "guardian_responses",
    ("competitions.Entry", "pupil"): "competition_entries",
    ("competitions.Entry", "licence"): "competition_entries",
    ("jo.Certification", "pupil"): "jo_certifications",
    ("jo.Officiating", "pupil"): "jo_officiatings",
    ("jo.QuizAttempt", "pupil"): "jo_quiz_attempts",
    ("accounts.UserSession", "user"): "sessions",
    ("core.AuditEntry", "actor"): "own_actions",
    ("auditlog.LogEntry", "actor"): "own_actions",
}

STAFF_AUTHOR = (
    "Le compte du personnel (AS, services) qui a fait l'acte : ce n'est pas le sien, et la "
    "ligne est exportée par sa relation au licencié quand elle le concerne."
)
ADULT_ROLE = "Une fonction d'adulte (animateur, coordinateur) : jamais un compte de licencié."
SECOND_FACTOR = (
    "Le second facteur des services (SD, SR, DN) : jamais un compte de licencié, et une clé "
    "secrète ne se communique pas."
)
NOT_EXPORTED = {
    ("licences.Licence", "created_by"): STAFF_AUTHOR,
    ("licences.Basket", "created_by"): STAFF_AUTHOR,
    ("licences.ImportJob", "created_by"): (
        "Le compte du membre de l'AS qui a importé la liste ; son aperçu, une copie du fichier "
        "de l'école gardée sept jours, ne se rattache à aucun licencié."
    ),
    ("licences.RenewalRequest", "handled_by"): STAFF_AUTHOR,
    ("guardians.GuardianRequest", "created_by"): STAFF_AUTHOR,
    ("guardians.GuardianResponse", "recorded_by"): STAFF_AUTHOR,
    ("guardians.CorrectionHandling", "handled_by"): STAFF_AUTHOR,
    ("finance.LedgerLine", "created_by"): STAFF_AUTHOR,
    ("finance.DebitBatch", "created_by"): STAFF_AUTHOR,
    ("finance.Aid", "created_by"): STAFF_AUTHOR,
    ("finance.PaymentModeChange", "requested_by"): STAFF_AUTHOR,
    ("finance.PaymentModeChange", "decided_by"): STAFF_AUTHOR,
    ("competitions.Competition", "created_by"): STAFF_AUTHOR,
    ("competitions.Team", "entered_by"): STAFF_AUTHOR,
    ("competitions.Entry", "entered_by"): STAFF_AUTHOR,
    ("competitions.Entry", "recorded_by"): STAFF_AUTHOR,
    ("register.RegisterEvent", "created_by"): STAFF_AUTHOR,
    ("association_life.AssociationStatistics", "updated_by"): STAFF_AUTHOR,
    ("jo.Certification", "certifier"): STAFF_AUTHOR,
    ("jo.Officiating", "recorded_by"): STAFF_AUTHOR,
    ("jo.Question", "created_by"): STAFF_AUTHOR,
    ("content.Article", "author"): STAFF_AUTHOR,
    ("finance.BankAccount", "created_by"): STAFF_AUTHOR,
    ("affiliations.Affiliation", "affiliated_by"): STAFF_AUTHOR,
    ("affiliations.AffiliationAnimateur", "user"): ADULT_ROLE,
    ("territories.District", "coordinators"): ADULT_ROLE,
    ("admin.LogEntry", "user"): (
        "Le journal de l'administration Django, réservée à la direction nationale."
    ),
    ("demo.DemoAccount", "user"): "La démonstration seulement : jamais en production.",
    ("otp_totp.TOTPDevice", "user"): SECOND_FACTOR,
    ("otp_static.StaticDevice", "user"): SECOND_FACTOR,
    ("core.ExportJob", "user"): (
        "Un export de liste demandé par le personnel (AS, services), jamais par un licencié, "
        "et supprimé après 7 jours."
    ),
}


def pupil_data(pupil, *, now) -> dict:
    """The export of one pupil. Values are Python values (dates, Decimals): the JSON view
    encodes them, the PDF formats them."""
    licences = list(
        pupil.licences.select_related("association__establishment", "season").order_by(
            "-season__start_year", "number"
        )
    )
    user = pupil.user
    his_objects = _his_objects(pupil, user, licences)
    sections = {
        "identity": _identity(pupil),
        "account": _account(user),
        "roles": _roles(user),
        "licences": _licences(licences),
        "basket_lines": _basket_lines(pupil, licences),
        "guardian_requests": _guardian_requests(licences),
        "guardian_responses": _guardian_responses(licences),
        "renewal_requests": _renewal_requests(pupil),
        "competition_entries": _competition_entries(pupil),
        "jo_certifications": _jo_certifications(pupil),
        "jo_officiatings": _jo_officiatings(pupil),
        "jo_quiz_attempts": _jo_quiz_attempts(pupil),
        "contact_messages": _contact_messages(pupil),
        "charges": _charges(licences),
        "adult_licences": _adult_licences(user),
        "sessions": _sessions(user),
        "logins": _logins(user, licences),
        "audit": _audit(his_objects),
        "own_actions": _own_actions(user, his_objects),
    }
    return {
        "document": "Données personnelles détenues par l'UNSS dans OPUSS",
        "generated_at": timezone.localtime(now),
        "controller": CONTROLLER,
        "subject": f"{pupil.last_name.upper()} {pupil.first_name}",
        "sections": sections,
    }


def section(title: str, fields: dict[str, str], rows: list[dict], *, layout="table") -> dict:
    """`fields` gives each key of the rows its French label; `layout` says how the PDF shows
    them: "record" (one row, label and value), "table" (one line a row), "cards" (one small
    table a row, for wide rows)."""
    return {"title": title, "layout": layout, "fields": fields, "rows": rows}


def _local(moment):
    return timezone.localtime(moment) if moment is not None else None


def _display(obj, name: str):
    return getattr(obj, f"get_{name}_display")()


def _identity(pupil) -> dict:
    fields = {
        "last_name": "Nom",
        "first_name": "Prénom",
        "sex": "Sexe",
        "birth_date": "Date de naissance",
        "ine": "INE",
        "email": "E-mail de l'élève",
        "phone": "Téléphone de l'élève",
        "guardian_email": "E-mail du responsable légal",
        "guardian1_phone": "Téléphone du parent 1",
        "guardian2_phone": "Téléphone du parent 2",
        "jo_number": "N° Jeune Officiel",
        "handicap": "Handicap",
        "person_key": "Clé de recherche des doublons (nom, prénom et date de naissance)",
    }
    row = {name: getattr(pupil, name) for name in fields} | {"sex": _display(pupil, "sex")}
    return section("Identité et coordonnées", fields, [row], layout="record")


def _account(user) -> dict:
    fields = {
        "email": "Adresse e-mail de connexion",
        "civility": "Civilité",
        "last_name": "Nom",
        "first_name": "Prénom",
        "phone": "Téléphone",
        "is_active": "Compte actif",
        "has_password": "Mot de passe défini",
        "date_joined": "Compte créé le",
        "last_login": "Dernière connexion",
    }
    rows = []
    if user is not None:
        rows.append(
            {
                "email": user.email,
                "civility": _display(user, "civility"),
                "last_name": user.last_name,
                "first_name": user.first_name,
                "phone": user.phone,
                "is_active": user.is_active,
                # Whether there is one, never the hash: it says nothing about him.
                "has_password": user.has_usable_password(),
                "date_joined": _local(user.date_joined),
                "last_login": _local(user.last_login),
            }
        )
    return section("Compte de connexion", fields, rows, layout="record")


def _roles(user) -> dict:
    fields = {"role": "Rôle", "scope": "Périmètre", "created_at": "Attribué le"}
    assignments = (
        RoleAssignment.objects.filter(user=user)
        .select_related("association", "department", "academy")
        .order_by("created_at")
        if user is not None
        else []
    )
    rows = [
        {
            "role": _display(a, "role"),
            "scope": str(a.scope_object) if a.scope_object else "",
            "created_at": _local(a.created_at),
        }
        for a in assignments
    ]
    return section("Rôles", fields, rows)


def _licences(licences) -> dict:
    fields = {
        "season": "Saison",
        "association": "AS",
        "number": "N° de licence",
        "category": "Catégorie",
        "class_level": "Classe",
        "insurance": "Assurance",
        "state": "État",
        "sport_partage": "Sport partagé",
        "unit_sale": "Licence à l'unité (CNED)",
        "email": "E-mail de l'élève saisi par l'AS",
        "guardian_email": "E-mail du responsable légal saisi par l'AS",
        "guardian1_phone": "Téléphone du parent 1",
        "guardian2_phone": "Téléphone du parent 2",
        "created_at": "Prise le",
    }
    rows = [
        {
            "season": licence.season.label,
            "association": _association(licence.association),
            "number": licence.number,
            "category": licence.category,
            "class_level": licence.class_level,
            "insurance": _display(licence, "insurance"),
            "state": _display(licence, "state"),
            "sport_partage": licence.sport_partage,
            "unit_sale": licence.unit_sale,
            "email": licence.email,
            "guardian_email": licence.guardian_email,
            "guardian1_phone": licence.guardian1_phone,
            "guardian2_phone": licence.guardian2_phone,
            "created_at": _local(licence.created_at),
        }
        for licence in licences
    ]
    return section("Licences", fields, rows, layout="cards")


def _association(association) -> str:
    return f"{association.code} – {association.establishment.name}"


def _basket_lines(pupil, licences) -> dict:
    fields = {
        "association": "AS",
        "season": "Saison",
        "created_at": "Panier créé le",
        "basket_state": "État du panier",
        "source": "Origine",
        "last_name": "Nom",
        "first_name": "Prénom",
        "sex": "Sexe",
        "birth_date": "Date de naissance",
        "ine": "INE",
        "class_level": "Classe",
        "email": "E-mail de l'élève",
        "guardian_email": "E-mail du responsable légal",
        "guardian1_phone": "Téléphone du parent 1",
        "guardian2_phone": "Téléphone du parent 2",
        "insurance": "Assurance",
        "handicap": "Handicap",
        "sport_partage": "Sport partagé",
    }
    lines = (
        BasketLine.objects.filter(Q(pupil=pupil) | Q(licence__in=licences))
        .select_related("basket__association__establishment", "basket__season")
        .order_by("basket__created_at", "pk")
    )
    rows = []
    for line in lines:
        basket = line.basket
        row = {name: getattr(line, name) for name in fields if hasattr(line, name)}
        row |= {
            "association": _association(basket.association),
            "season": basket.season.label,
            "created_at": _local(basket.created_at),
            "basket_state": _display(basket, "state"),
            "source": _display(line, "source"),
            "sex": _display(line, "sex"),
            "insurance": _display(line, "insurance"),
        }
        rows.append({name: row[name] for name in fields})
    title = "Données saisies par l'AS pour prendre ses licences"
    return section(title, fields, rows, layout="cards")


def _guardian_requests(licences) -> dict:
    fields = {
        "licence": "Licence",
        "email": "E-mail du responsable légal",
        "created_at": "Demande créée le",
        "sent_at": "Envoyée le",
        "reminders": "Relances",
        "last_reminder_at": "Dernière relance le",
    }
    requests = GuardianRequest.objects.filter(licence__in=licences).select_related(
        "licence__season"
    )
    rows = [
        {
            "licence": _licence_name(request.licence),
            "email": request.email,
            "created_at": _local(request.created_at),
            "sent_at": _local(request.sent_at),
            "reminders": request.reminders,
            "last_reminder_at": _local(request.last_reminder_at),
        }
        for request in requests
    ]
    return section("Liens envoyés aux responsables légaux", fields, rows)


def _licence_name(licence) -> str:
    return f"{licence.number} ({licence.season.label})"


def _guardian_responses(licences) -> dict:
    fields = {
        "licence": "Licence",
        "channel": "Canal",
        "guardian_name": "Nom du responsable légal",
        "answered_at": "Répondu le",
        "signed_on": "Date du formulaire papier",
        "data_correct": "Éléments de la licence exacts",
        "correction_note": "Correction demandée",
        "image_rights": "Droit à l'image accordé",
        "rgpd_read": "Mention RGPD lue",
        "insurance_read": "Mention assurances et règlement lue",
        "ia_sport_plus": "IA Sport+ souscrite",
        "keep_until": "Conservée jusqu'au",
        "shown": "Ce qui a été présenté",
    }
    responses = GuardianResponse.objects.filter(licence__in=licences).select_related(
        "licence__season"
    )
    rows = [
        {
            "licence": _licence_name(response.licence),
            "channel": _display(response, "channel"),
            "guardian_name": response.guardian_name,
            "answered_at": _local(response.answered_at),
            "signed_on": response.signed_on,
            "data_correct": response.data_correct,
            "correction_note": response.correction_note,
            "image_rights": response.image_rights,
            "rgpd_read": response.rgpd_read,
            "insurance_read": response.insurance_read,
            "ia_sport_plus": response.ia_sport_plus,
            "keep_until": _local(response.keep_until),
            "shown": response.shown,
        }
        for response in responses
    ]
    return section("Réponses des responsables légaux", fields, rows, layout="cards")


def _renewal_requests(pupil) -> dict:
    fields = {
        "season": "Saison",
        "association": "AS",
        "message": "Message à l'AS",
        "created_at": "Demandée le",
        "state": "État",
        "handled_at": "Traitée le",
    }
    requests = RenewalRequest.objects.filter(pupil=pupil).select_related(
        "season", "association__establishment"
    )
    rows = [
        {
            "season": request.season.label,
            "association": _association(request.association),
            "message": request.message,
            "created_at": _local(request.created_at),
            "state": _display(request, "state"),
            "handled_at": _local(request.handled_at),
        }
        for request in requests
    ]
    return section("Demandes de renouvellement", fields, rows)


def _competition_entries(pupil) -> dict:
    fields = {
        "competition": "Compétition",
        "activity": "Activité",
        "level": "Niveau",
        "date": "Date",
        "place": "Lieu",
        "team": "Équipe",
        "entered_at": "Inscrit le",
        "attendance": "Participation",
        "rank": "Classement",
    }
    entries = (
        Entry.objects.filter(pupil=pupil)
        .select_related("competition__activity", "team")
        .order_by("competition__date", "pk")
    )
    rows = [
        {
            "competition": entry.competition.name,
            "activity": entry.competition.activity.name,
            "level": _display(entry.competition, "level"),
            "date": entry.competition.date,
            "place": entry.competition.place,
            "team": entry.team.name if entry.team else "",
            "entered_at": _local(entry.entered_at),
            "attendance": _display(entry, "attendance"),
            "rank": entry.rank,
        }
        for entry in entries
    ]
    return section("Compétitions", fields, rows)


def _jo_certifications(pupil) -> dict:
    fields = {
        "activity": "Activité",
        "role": "Rôle",
        "level": "Niveau",
        "certified_on": "Certifié le",
        "season": "Saison",
        "association": "AS",
    }
    certifications = (
        Certification.objects.filter(pupil=pupil)
        .select_related("activity", "season", "association__establishment")
        .order_by("certified_on", "pk")
    )
    rows = [
        {
            "activity": c.activity.name,
            "role": _display(c, "role"),
            "level": _display(c, "level"),
            "certified_on": c.certified_on,
            "season": c.season.label,
            "association": _association(c.association),
        }
        for c in certifications
    ]
    return section("Jeune Officiel : certifications", fields, rows)


def _jo_officiatings(pupil) -> dict:
    fields = {
        "title": "Événement",
        "held_on": "Date",
        "place": "Lieu",
        "activity": "Activité",
        "role": "Rôle",
        "level": "Niveau",
        "season": "Saison",
    }
    officiatings = (
        Officiating.objects.filter(pupil=pupil)
        .select_related("activity", "season")
        .order_by("held_on", "pk")
    )
    rows = [
        {
            "title": o.title,
            "held_on": o.held_on,
            "place": o.place,
            "activity": o.activity.name,
            "role": _display(o, "role"),
            "level": _display(o, "level"),
            "season": o.season.label,
        }
        for o in officiatings
    ]
    return section("Jeune Officiel : événements encadrés", fields, rows)


def _jo_quiz_attempts(pupil) -> dict:
    fields = {
        "role": "Rôle",
        "level": "Niveau",
        "activity": "Activité",
        "started_at": "Commencé le",
        "submitted_at": "Rendu le",
        "score": "Score",
        "answers": "Questions et réponses données",
    }
    attempts = QuizAttempt.objects.filter(pupil=pupil).select_related("activity")
    rows = [
        {
            "role": _display(a, "role"),
            "level": _display(a, "level"),
            "activity": a.activity.name if a.activity else "Toutes",
            "started_at": _local(a.started_at),
            "submitted_at": _local(a.submitted_at),
            "score": f"{a.right} / {a.total}" if a.right is not None else "",
            "answers": _quiz_answers(a),
        }
        for a in attempts
    ]
    return section("Jeune Officiel : questionnaires", fields, rows, layout="cards")


def _quiz_answers(attempt) -> list[str]:
    chosen = attempt.chosen
    lines = []
    for question in attempt.asked:
        given = chosen.get(question.id, frozenset())
        texts = [c.text for c in question.choices if c.id in given]
        verdict = "juste" if given == question.correct_ids else "faux"
        answer = " ; ".join(texts) if texts else "sans réponse"
        lines.append(f"{question.text} → {answer} ({verdict})")
    return lines if attempt.submitted_at else []


def _contact_messages(pupil) -> dict:
    fields = {
        "sent_at": "Envoyé le",
        "association": "AS",
        "recipient": "Destinataire",
        "subject": "Objet",
    }
    messages = ContactMessage.objects.filter(pupil=pupil).select_related(
        "association__establishment"
    )
    rows = [
        {
            "sent_at": _local(m.sent_at),
            "association": _association(m.association),
            "recipient": m.recipient,
            "subject": m.subject,
        }
        for m in messages
    ]
    return section("Messages envoyés à son AS (le texte n'est pas conservé)", fields, rows)


def _charges(licences) -> dict:
    fields = {"at": "Le", "label": "Libellé", "amount": "Montant (payé par l'AS)"}
    lines = LedgerLine.objects.filter(licence__in=licences).order_by("at", "pk")
    rows = [{"at": _local(line.at), "label": line.label, "amount": line.amount} for line in lines]
    return section("Sommes dues par l'AS pour ses licences", fields, rows)


def _adult_licences(user) -> dict:
    fields = {
        "season": "Saison",
        "association": "AS",
        "kind": "Qualité",
        "number": "N° de licence",
        "created_at": "Prise le",
    }
    adults = (
        AdultLicence.objects.filter(user=user).select_related(
            "season", "association__establishment"
        )
        if user is not None
        else []
    )
    rows = [
        {
            "season": a.season.label,
            "association": _association(a.association),
            "kind": _display(a, "kind"),
            "number": a.number,
            "created_at": _local(a.created_at),
        }
        for a in adults
    ]
    return section("Licences adultes", fields, rows)


def _logins(user, licences) -> dict:
    """django-axes keeps no link to his account but a key: `compte <pk>` since the lock-out of
    issue #11 (opuss.accounts.backends.account_key), the login typed (his e-mail or one of his
    licence numbers) in older rows."""
    fields = {
        "at": "Le",
        "result": "Résultat",
        "username": "Identifiant saisi",
        "ip_address": "Adresse IP",
        "user_agent": "Navigateur",
    }
    identifiers = {licence.number for licence in licences}
    if user is not None:
        identifiers.add(account_key(user))
        if user.email:
            identifiers.add(user.email.lower())
    rows = []
    for model, result in ((AccessLog, "Connexion"), (AccessFailureLog, "Échec")):
        for entry in model.objects.filter(username__in=identifiers):
            rows.append(
                {
                    "at": _local(entry.attempt_time),
                    "result": result,
                    "username": entry.username,
                    "ip_address": entry.ip_address,
                    "user_agent": entry.user_agent,
                }
            )
    rows.sort(key=lambda row: row["at"], reverse=True)
    return section("Connexions", fields, rows)


def _sessions(user) -> dict:
    fields = {
        "created_at": "Ouverte le",
        "last_seen_at": "Dernière activité",
        "device": "Navigateur",
        "ip_address": "Adresse IP (tronquée)",
    }
    sessions = UserSession.objects.filter(user=user) if user is not None else []
    rows = [
        {
            "created_at": _local(s.created_at),
            "last_seen_at": _local(s.last_seen_at),
            "device": s.device,
            "ip_address": s.ip_address,
        }
        for s in sessions
    ]
    return section("Sessions ouvertes", fields, rows)


def _his_objects(pupil, user, licences) -> list:
    """His record, his licences, and every row that names him: what the audit log may say
    about him."""
    objects = [pupil, *licences]
    querysets = [
        Entry.objects.filter(pupil=pupil),
        Certification.objects.filter(pupil=pupil),
        Officiating.objects.filter(pupil=pupil),
        RenewalRequest.objects.filter(pupil=pupil),
        GuardianRequest.objects.filter(licence__in=licences),
        GuardianResponse.objects.filter(licence__in=licences),
        LedgerLine.objects.filter(licence__in=licences),
    ]
    if user is not None:
        objects.append(user)
        querysets += [
            RoleAssignment.objects.filter(user=user),
            AdultLicence.objects.filter(user=user),
        ]
    for queryset in querysets:
        objects += list(queryset)
    return objects


def _audit(his_objects) -> dict:
    """The « Historique » of everything about him: both sources of the audit log, in French."""
    fields = {
        "at": "Le",
        "action": "Action",
        "subject": "Objet",
        "actor": "Par",
        "changes": "Modifications",
    }
    rows = [
        {
            "at": _local(entry.at),
            "action": entry.action,
            "subject": entry.subject,
            "actor": entry.actor,
            "changes": [_change(change) for change in entry.changes],
        }
        for entry in reversed(entries_for(*his_objects))
    ]
    return section("Journal des modifications le concernant", fields, rows)


def _change(change) -> str:
    if change.before is None:
        return f"{change.label} : {change.after}"
    return f"{change.label} : {change.before} → {change.after}"


def _own_actions(user, his_objects) -> dict:
    """What he did with his account to other objects than his own (those are in the journal):
    the action and its object, not the object's content."""
    fields = {"at": "Le", "action": "Action", "object": "Objet"}
    if user is None:
        return section("Actions faites avec son compte", fields, [])
    own = {(obj._meta.label_lower, str(obj.pk)) for obj in his_objects}
    rows = [
        {"at": _local(e.at), "action": capfirst(e.action), "object": e.object_repr}
        for e in AuditEntry.objects.filter(actor=user)
        if (e.object_type, e.object_id) not in own
    ]
    logged = (
        LogEntry.objects.filter(actor=user)
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("content_type")
    )
    rows += [
        {"at": _local(e.timestamp), "action": LOG_ACTIONS[e.action], "object": e.object_repr}
        for e in logged
        if (f"{e.content_type.app_label}.{e.content_type.model}", e.object_pk) not in own
    ]
    rows.sort(key=lambda row: row["at"])
    return section("Actions faites avec son compte", fields, rows)
