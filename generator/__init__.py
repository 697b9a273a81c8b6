"""A static-site generator for company policy handbooks.

HR keeps the policy as YAML; Jinja templates render it to Markdown; MkDocs
with the Material theme builds the employee handbook and the public
community-guidelines page, in every configured language.

Stages, one module each: :mod:`.model`, :mod:`.load`, :mod:`.localise`,
:mod:`.render`, :mod:`.build`, :mod:`.publish`; :mod:`.site` runs them in
order and :mod:`.cli` is the command line.
"""
