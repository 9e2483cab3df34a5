"""opuss: the extranet of French school sport (UNSS) — affiliations, licences, the pupil's space."""
