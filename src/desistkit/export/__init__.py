"""Exporters: SharedCase (+ Localizer, template) -> document bytes. They share `_ooxml`."""
