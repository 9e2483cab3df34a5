"""Who may do what with guardians' validations. Seeing is the scope (`for_user`): the AS, and the
services of its territory. Acting is narrower: the AS and its regional service resend a link
(circular 2025-2026, III.8: "L'objectif de cette procédure est d'avoir 100% de réponses"); DN too,
as everywhere. A paper form is typed by the AS, which keeps the signed sheet."""

from opuss.accounts.enums import AS_ROLES, Role


def is_member(user, association) -> bool:
    return any(
        a.role in AS_ROLES and a.association_id == association.pk
        for a in user.role_assignments_cached
    )


def is_regional(user, association) -> bool:
    academy_id = association.department.academy_id
    return any(
        a.role == Role.DN or (a.role == Role.SR and a.academy_id == academy_id)
        for a in user.role_assignments_cached
    )


def can_resend(user, association) -> bool:
    return is_member(user, association) or is_regional(user, association)


def can_record_paper(user, association) -> bool:
    return is_member(user, association)


def handled_corrections(user, responses):
    """Among `responses`, those whose correction requests `user` handles: his académies' (SR),
    every one (DN); none for an SD, who follows them."""
    roles = user.role_assignments_cached
    if any(a.role == Role.DN for a in roles):
        return responses
    academies = [a.academy_id for a in roles if a.role == Role.SR]
    return responses.filter(licence__association__department__academy__in=academies)


def can_handle_correction(user, association) -> bool:
    """« Marquer comme traitée »: the regional service, which corrects licences (and DN); the SD
    follows the requests, does not handle them."""
    return is_regional(user, association)
