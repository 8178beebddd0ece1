"""A case service embedding desistkit (Flask): the JSON API, the caseworkers' pages, sign-in and roles.

Run it with ``flask --app examples/webservice/app.py run`` (see README.md beside this file).
"""
