"""peppol-pki-validator: checks Peppol PKI certificate requests before a person approves them.

Data flows one way: load (validator.load) -> extract (validator.extract) ->
check (validator.checks) -> report (validator.report).
"""

__version__ = "0.1.0"
