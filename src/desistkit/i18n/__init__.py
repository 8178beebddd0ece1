"""Languages: the Localizer (gettext catalogs and Babel's locale data), the message set, the Babel
extractor for our TOML texts."""
