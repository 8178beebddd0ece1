"""A reusable Django app that keeps case files and makes desistkit's documents from them.

Add ``"django_desistkit"`` to ``INSTALLED_APPS``, ``path("desistkit/", include("django_desistkit.urls"))``
to your URLs, ``DESISTKIT_PSEUDONYM_KEY`` to your settings (from your secret store), and migrate.
See README.md beside this file.
"""
