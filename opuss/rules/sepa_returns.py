"""Why a bank rejected or returned a direct debit: the reason codes of the SEPA rulebook's
R-transactions (EPC SDD Core: rejects, returns, refunds), as a bank's pain.002 (StsRsnInf/Rsn/Cd)
or camt.054 (RtrInf/Rsn/Cd) gives them, said in French for the regional services and the AS."""

REASONS: dict[str, str] = {
    "AC01": "numéro de compte (IBAN) incorrect",
    "AC04": "compte clôturé",
    "AC06": "compte bloqué",
    "AC13": "type de compte du débiteur non valide",
    "AG01": "opération interdite sur ce type de compte",
    "AG02": "code opération non valide",
    "AM04": "provision insuffisante",
    "AM05": "opération en double",
    "BE05": "identifiant du créancier inconnu",
    "CNOR": "banque du créancier injoignable",
    "DNOR": "banque du débiteur injoignable",
    "CUST": "refus du débiteur",
    "DUPL": "opération en double",
    "ED05": "échec du règlement",
    "FF01": "format de fichier non valide",
    "FOCR": "retour à la suite d'une demande d'annulation",
    "MD01": "pas de mandat",
    "MD02": "données du mandat manquantes ou erronées",
    "MD06": "remboursement demandé par le débiteur (contestation)",
    "MD07": "débiteur décédé",
    "MS02": "refus du débiteur",
    "MS03": "motif non communiqué par la banque",
    "RC01": "BIC incorrect",
    "RR01": "compte ou identité du débiteur manquants (motif réglementaire)",
    "RR02": "nom ou adresse du débiteur manquants (motif réglementaire)",
    "RR03": "nom ou adresse du créancier manquants (motif réglementaire)",
    "RR04": "motif réglementaire",
    "SL01": "service particulier de la banque du débiteur (opposition, liste de refus)",
    "TM01": "reçu après l'heure limite",
}

# The codes offered when the regional service enters a reject by hand: the common ones first.
COMMON = ("AM04", "AC04", "MD01", "MS02", "MD06", "AC01", "AC06", "SL01", "MS03")


def reason_label(code: str) -> str:
    """ "AM04 – provision insuffisante"; an unlisted code is kept as the bank wrote it."""
    code = code.strip().upper()
    if not code:
        return "motif non communiqué"
    label = REASONS.get(code)
    return f"{code} – {label}" if label else f"{code} – code non répertorié"
