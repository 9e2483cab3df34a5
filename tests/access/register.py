RULES: dict = {}
