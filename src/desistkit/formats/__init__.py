"""The round-trip contracts: what an exporter writes and an importer reads back, declared once.

Each module is one document type's contract (the deck's shape names, the tracker's sheets, columns
and defined names); the exporter writes from it and the importer parses with it.
"""
