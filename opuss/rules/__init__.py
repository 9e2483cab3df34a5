"""The federation's rules: tariffs, contracts, age categories, calendars.

Plain Python with no Django import, fed by one data file per season (`seasons/<label>.toml`).
Next season is a new file, not a code change.
"""
